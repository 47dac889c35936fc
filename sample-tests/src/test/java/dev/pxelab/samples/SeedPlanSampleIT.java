package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.lab.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample user-data of the plan pxelab grew from installs as its readers wrote it, on BIOS and
 * on UEFI. It names no test OS: its locale, keyboard, network and packages sections are honoured
 * only by the debian test OS, so pxelab picks that one. Each test checks one section's effect on
 * the installed system.
 */
@PxeLab(userData = "autoinstall/seed-plan-sample.yaml")
@EnabledIf("dev.pxelab.samples.DebianFlavourIT#debianImageBuilt")
class SeedPlanSampleIT {

    @TargetVm(mac = "52:54:00:5e:00:01", disk = "2G")
    static Target bios;

    @TargetVm(mac = "52:54:00:5e:00:02", disk = "2G", firmware = Firmware.UEFI)
    static Target uefi;

    static Stream<Target> machines() {
        return Stream.of(bios, uefi);
    }

    @ParameterizedTest
    @MethodSource("machines")
    void pxelabChoseTheDebianTestOs(Target machine) {
        assertThat(machine).hasFile("/etc/testos/flavour").withContent("debian");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void localeSetsLangWithTheUtf8CharsetUbuntuAdds(Target machine) {
        assertThat(machine).hasFileContaining("/etc/default/locale", "LANG=en_US.UTF-8");
        assertThat(machine.ssh().run("locale -a")).succeeded().hasStdoutContaining("en_US.utf8");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void keyboardIsWrittenAsGiven(Target machine) {
        assertThat(machine).hasFileContaining("/etc/default/keyboard", "XKBLAYOUT=\"en\"")
                .hasFileContaining("/etc/default/keyboard", "XKBVARIANT=\"us\"");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void networkIsTheNetplanConfigAndTheNicItNamesGotItsAddress(Target machine) {
        assertThat(machine.root().run("cat /etc/netplan/50-cloud-init.yaml")).succeeded()
                .hasStdoutContaining("enp0s1").hasStdoutContaining("dhcp4: true");
        assertThat(machine.ssh().run("ip -4 -o addr show enp0s1")).succeeded()
                .hasStdoutContaining("inet " + machine.address().getHostAddress() + "/");
        // netplan, not the image's catch-all DHCP, configured the link
        assertThat(machine.ssh().run("ls /run/systemd/network/")).succeeded()
                .hasStdoutContaining("10-netplan-enp0s1.network");
        assertThat(machine).doesNotHaveFile("/etc/systemd/network/20-wired.network");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void storageDirectPutsRootOnTheWholeDisk(Target machine) {
        assertThat(machine.ssh().run("findmnt -n -o SOURCE /")).succeeded().hasStdout("/dev/vda2");
        assertThat(machine.ssh().run("lsblk -b -n -o SIZE /dev/vda")).succeeded().hasStdoutContaining("2147483648");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void identityCreatesTheUserWithItsPasswordHash(Target machine) {
        assertThat(machine).hasHostname("ubuntu-server");
        assertThat(machine.ssh().run("id -un")).succeeded().hasStdout("ubuntu");
        // the groups and shell Ubuntu's installer gives the user: sudo without a password prompt needs NOPASSWD,
        // so ask the group database
        assertThat(machine.ssh().run("id -nG")).succeeded().hasStdoutContaining("sudo").hasStdoutContaining("adm");
        assertThat(machine.ssh().run("getent passwd ubuntu")).succeeded().hasStdoutContaining(":/bin/bash");
        assertThat(machine.root().run("grep '^ubuntu:' /etc/shadow")).succeeded()
                .hasStdoutContaining("ubuntu:$6$rounds=4096$pxelabseedsalt$MSSEtURAzws9kbhrrTLIENj2Ikk");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void sshServerRunsWithPasswordsAllowed(Target machine) {
        assertThat(machine.ssh().run("dpkg-query -W -f='${Status}' openssh-server")).succeeded()
                .hasStdout("install ok installed");
        assertThat(machine).hasServiceRunning("ssh");
        assertThat(machine.root().run("sshd -T | grep -i '^passwordauthentication'")).succeeded()
                .hasStdout("passwordauthentication yes");
    }
}
