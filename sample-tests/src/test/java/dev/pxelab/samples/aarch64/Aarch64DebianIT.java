package dev.pxelab.samples.aarch64;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.lab.LabProperties;
import dev.pxelab.runtime.lab.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The realistic flavour on arm64: a real Debian 12 (systemd, OpenSSH, cloud-init) for arm64,
 * installed on an aarch64 machine from a user-data with system sections (timezone, locale), a
 * package from the lab's repository and a cloud-init section. Its image is built with {@code -Ppxelab-debian,aarch64} (debootstrap under
 * qemu-user, as root); without it this class is skipped, never failed.
 */
@PxeLab(testOs = TestOs.DEBIAN)
@EnabledIf("debianImageBuilt")
class Aarch64DebianIT {

    @TargetVm(mac = "52:54:00:0a:66:01", arch = Architecture.AARCH64, firmware = Firmware.UEFI,
            userData = "autoinstall/arm-debian.yaml", disk = "2G", memory = 1024)
    static Target arm;

    static boolean debianImageBuilt() {
        String dir = System.getProperty(LabProperties.TEST_OS_DIR, "../assets/target/testos");
        return Files.isRegularFile(Path.of(dir, "aarch64", TestOs.DEBIAN.image()));
    }

    @Test
    void theInstalledSystemIsArm64DebianWithSystemdAndOpenSsh() {
        assertThat(arm).hasHostname("arm-debian")
                .hasFileContaining("/etc/os-release", "VERSION_ID=\"12\"")
                .hasFile("/etc/pxelab-installed-on").withContent("installed on aarch64");
        assertThat(arm.ssh().run("uname -m")).succeeded().hasStdout("aarch64");
        assertThat(arm.ssh().run("dpkg --print-architecture")).succeeded().hasStdout("arm64");
        assertThat(arm.ssh().run("cat /proc/1/comm")).succeeded().hasStdout("systemd");
        assertThat(arm).hasServiceRunning("ssh");
    }

    @Test
    void theSystemSectionsWereAppliedInsideTheInstalledSystem() {
        assertThat(arm).hasFileContaining("/etc/default/locale", "LANG=en_US.UTF-8")
                .hasFile("/etc/timezone").withContent("Europe/Berlin");
    }

    @Test
    void itsPackagesAreArm64BuildsFromTheLabsRepository() {
        assertThat(arm.ssh().run("dpkg-query -W -f '${Architecture} ${Status}' jq")).succeeded()
                .hasStdout("arm64 install ok installed");
        assertThat(arm.ssh().run("echo '{\"arch\": \"arm64\"}' | jq -r .arch")).succeeded().hasStdout("arm64");
    }

    @Test
    void cloudInitRanTheUserDataSectionOnFirstBoot() {
        assertThat(arm.ssh().run("cloud-init status")).succeeded().hasStdoutContaining("done");
        assertThat(arm).hasFile("/etc/written-by-cloud-init").withContent("hello from user-data");
        assertThat(arm).hasFile("/var/tmp/runcmd-marker").withContent("runcmd ran on arm-debian (aarch64)");
    }
}
