package dev.pxelab.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetnsLauncherTest {

    @TempDir
    Path dir;

    @Test
    void theLauncherIsAnExecutableBinJavaThatSurefireAccepts() throws Exception {
        Path launcher = NetnsLauncher.write(dir, Path.of("/opt/jdk/bin/java"));

        assertThat(launcher).isEqualTo(dir.resolve("bin/java"));
        assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(launcher)).startsWith("#!/bin/sh").contains("unshare --net");
    }

    @Test
    void itStartsMavensOwnJvmUnlessPxelabJavaSaysOtherwise() throws Exception {
        String script = NetnsLauncher.withDefaultJava(NetnsLauncher.script(), Path.of("/opt/it's jdk/bin/java"));

        assertThat(script).contains("[ -n \"${PXELAB_JAVA:-}\" ] || PXELAB_JAVA='/opt/it'\\''s jdk/bin/java'");
        assertThat(script.indexOf("PXELAB_JAVA='")).as("set before the script reads it")
                .isLessThan(script.indexOf("java=\"${PXELAB_JAVA:-}\""));
    }

    @Test
    void theWrittenLineIsValidShellThatQuotesAnyPath() throws Exception {
        String script = NetnsLauncher.withDefaultJava("#!/bin/sh\nset -eu\necho \"$PXELAB_JAVA\"\n",
                Path.of("/opt/it's $HOME/bin/java"));
        Path file = Files.writeString(dir.resolve("t.sh"), script);

        Process sh = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true).start();
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(sh.getInputStream().readAllBytes()).strip()).isEqualTo("/opt/it's $HOME/bin/java");
        assertThat(List.of(sh.exitValue())).containsExactly(0);
    }
}
