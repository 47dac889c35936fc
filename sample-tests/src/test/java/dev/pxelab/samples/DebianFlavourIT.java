package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.lab.LabProperties;
import java.nio.file.Path;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The {@code debian} flavour of the test OS installs a real Debian whose cloud-init runs the
 * autoinstall {@code user-data} section on first boot, as Ubuntu's installed systems do.
 * The flavour is opt-in (its image is built with {@code -Ppxelab-debian}, as root); without the
 * image this class is skipped, never failed.
 */
@PxeLab(testOs = TestOs.DEBIAN)
@EnabledIf("debianImageBuilt")
class DebianFlavourIT {

    @TargetVm(mac = "52:54:00:0d:00:01", userData = "autoinstall/debian-web.yaml", disk = "2G")
    static Target web;

    static boolean debianImageBuilt() {
        String dir = System.getProperty(LabProperties.TEST_OS_DIR, "../assets/target/testos");
        return Files.isRegularFile(Path.of(dir, "x86_64", TestOs.DEBIAN.image()));
    }

    @Test
    void theInstalledSystemIsDebianWithSystemdAndOpenSsh() {
        assertThat(web).hasHostname("debian-web")
                .hasFileContaining("/etc/os-release", "VERSION_ID=\"12\"")
                .hasFile("/etc/pxelab-flavour").withContent("debian");
        assertThat(web.ssh().run("cat /proc/1/comm")).succeeded().hasStdout("systemd");
        assertThat(web.ssh().run("ssh -V 2>&1")).succeeded().hasStdoutContaining("OpenSSH");
    }

    @Test
    void theDiskIsLaidOutAsTheCurtinActionListSays() {
        assertThat(web.root().run("blkid -p -o value -s PTTYPE /dev/vda")).succeeded().hasStdout("dos");
        assertThat(web.ssh().run("findmnt -n -o SOURCE,FSTYPE /")).succeeded()
                .hasStdout("/dev/mapper/data-root ext4");
        assertThat(web.ssh().run("findmnt -n -o SOURCE,FSTYPE /boot")).succeeded().hasStdout("/dev/vda1 ext4");
        assertThat(web.root().run("lvs --noheadings --separator / -o vg_name,lv_name")).succeeded().hasStdoutContaining("data/root");
    }

    @Test
    void systemdIsAskedAsRoot() {
        assertThat(web).hasServiceRunning("ssh");
        assertThat(web.root().run("systemctl is-active ssh")).succeeded().hasStdout("active");
    }

    @Test
    void cloudInitRanTheUserDataSectionOnFirstBootBeforeTheTestsStarted() {
        // ready means ready: the lab waited for cloud-init, so runcmd's marker is there at once
        assertThat(web.ssh().run("cloud-init status")).succeeded().hasStdoutContaining("done");
        assertThat(web).hasFile("/etc/written-by-cloud-init").withContent("hello from user-data");
        assertThat(web).hasFile("/var/tmp/runcmd-marker").withContent("runcmd ran on debian-web");
    }
}
