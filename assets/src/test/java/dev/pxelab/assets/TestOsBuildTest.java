package dev.pxelab.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestOsBuildTest {

    @Test
    void commandLineIsUbuntusAutoinstallOne() {
        assertThat(TestOsBuild.kernelCommandLine("http://192.168.105.1/52:54:00:00:00:11"))
                .isEqualTo("console=ttyS0 autoinstall ds=nocloud-net;s=http://192.168.105.1/52:54:00:00:00:11/");
    }

    @Test
    void fallbackWebhookRidesOnTheCommandLine() {
        assertThat(TestOsBuild.kernelCommandLine("http://10.0.2.2:8080/m/", "http://10.0.2.2:8080/hook"))
                .isEqualTo("console=ttyS0 autoinstall ds=nocloud-net;s=http://10.0.2.2:8080/m/ testos.report=http://10.0.2.2:8080/hook");
    }

    @Test
    void refusesSeedsTheInstallerCannotFetch() {
        assertThatThrownBy(() -> TestOsBuild.kernelCommandLine("https://x/52:54:00:00:00:11/"))
                .hasMessageContaining("plain HTTP");
    }

    @Test
    void saysWhereItLookedWhenTheBuildIsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> TestOsBuild.in(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("x86_64").toString()).hasMessageContaining("build-testos.sh");
    }

    @Test
    void findsTheBuildOfThisModule() {
        TestOsBuild os = TestOsBuild.locate();
        assertThat(os.kernel()).isRegularFile();
        assertThat(os.installerInitrd()).isRegularFile();
        assertThat(os.tinyImage()).isRegularFile().hasFileName(Path.of(TestOsBuild.IMAGE_PATH).getFileName().toString());
        assertThat(Files.exists(os.manifest())).isTrue();
    }
}
