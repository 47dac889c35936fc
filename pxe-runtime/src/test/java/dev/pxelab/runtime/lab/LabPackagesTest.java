package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsInstaller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages a config lists are resolved on the host before anything boots: a name Debian does
 * not know fails the lab at once, naming the package, the target and the file, instead of an
 * install that fails minutes later. Resolving needs only the host's apt lists, no network.
 */
class LabPackagesTest {

    @TempDir
    Path dir;

    static final String CONFIG = """
            #cloud-config
            autoinstall:
              version: 1
              identity: {hostname: web-1, username: ops, password: "$6$pxelabtests$ahVeA9jLbJ8VTuo7G3NhtfmOLFDPR7Cl.Sol.6HuFxjDyUAUklxwJEqx.8JXPTWLCi2t5P7ZqIVXA1JXS7wEy."}
              packages: [%s]
            """;

    @Test
    void anUnknownPackageFailsTheLabBeforeBootNamingItAndWhoAskedForIt() throws IOException {
        LabDefinition lab = labInstalling("nginxx");

        assertThatThrownBy(() -> LabPackages.prepare(lab, dir.resolve("work")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lab 'packages'", "52:54:00:00:00:21 (web.yaml)", "nothing was booted",
                        "package 'nginxx' does not exist", "did you mean nginx");
        assertThat(dir.resolve("work/packages/Packages")).doesNotExist();
    }

    @Test
    void aConfigWithoutPackagesNeedsNoRepository() throws IOException {
        LabDefinition lab = labInstalling("bash");
        LabDefinition none = LabDefinition.builder().name("none").installer(lab.installer())
                .target(TargetDefinition.builder("52:54:00:00:00:22").build()).build();

        assertThat(LabPackages.prepare(none, dir.resolve("work"))).isEmpty();
    }

    /** A debian test OS build folder whose image holds what this host holds. */
    private LabDefinition labInstalling(String packages) throws IOException {
        Path build = Files.createDirectories(dir.resolve("testos/x86_64"));
        Files.writeString(build.resolve("vmlinuz"), "");
        Files.writeString(build.resolve("installer.initrd"), "");
        Files.writeString(build.resolve(TestOs.DEBIAN.image()), "");
        // this host's own package state stands in for the image's: consistent, and it has bash
        Files.copy(Path.of("/var/lib/dpkg/status"), build.resolve("debian-dpkg-status"));
        return LabDefinition.builder().name("packages")
                .installer(new TestOsInstaller(TestOs.DEBIAN, dir.resolve("testos")))
                .target(TargetDefinition.builder("52:54:00:00:00:21")
                        .userData(Document.inline("web.yaml", CONFIG.formatted(packages))).build())
                .build();
    }
}
