package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.lab.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A realistic Ubuntu 24.04 server config installs unchanged: packages from Debian's archive (fetched
 * on the host, served by the lab, since the lab leads nowhere), a netplan that renames the NIC by
 * MAC, locale, keyboard, timezone, apt preferences, debconf, late-commands with curtin in-target,
 * and cloud-init's write_files and runcmd on first boot. Each test asserts one section's effect.
 */
@PxeLab
@EnabledIf("dev.pxelab.samples.DebianFlavourIT#debianImageBuilt")
class RealisticServerConfigIT {

    /** 8G: Ubuntu's lvm layout gives /boot at least 1792 MiB (the disk is sparse: it costs what is written). */
    @TargetVm(mac = "52:54:00:5e:00:11", userData = "autoinstall/realistic-server.yaml", disk = "8G", memory = 768)
    static Target web;

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "chrony", "prometheus-node-exporter", "jq"})
    void packagesAreInstalledFromTheLabsRepository(String name) {
        assertThat(web.ssh().run("dpkg-query -W -f='${Status}' " + name)).succeeded().hasStdout("install ok installed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "chrony", "prometheus-node-exporter"})
    void theirServicesRunAfterBoot(String service) {
        assertThat(web).hasServiceRunning(service);
    }

    @Test
    void nginxAnswers() {
        assertThat(web.ssh().run("python3 -c \"import urllib.request; print(urllib.request.urlopen('http://localhost/').status)\""))
                .succeeded().hasStdout("200");
    }

    @Test
    void storageLvmPutsRootOnUbuntuVgAndBootOnItsOwnPartition() {
        assertThat(web.root().run("lvs --noheadings -o vg_name,lv_name")).succeeded()
                .hasStdoutContaining("ubuntu-vg").hasStdoutContaining("ubuntu-lv");
        assertThat(web.ssh().run("findmnt -n -o SOURCE /")).succeeded().hasStdout("/dev/mapper/ubuntu--vg-ubuntu--lv");
        assertThat(web.ssh().run("findmnt -n -o SOURCE /boot")).succeeded().hasStdout("/dev/vda2");
        // sizing-policy all: the logical volume takes the whole volume group
        assertThat(web.root().run("vgs --noheadings -o vg_free_count ubuntu-vg | tr -d ' '")).succeeded()
                .hasStdout("0");
    }

    @Test
    void swapIsTheSwapFileOfTheSizeAsked() {
        assertThat(web.root().run("swapon --show=NAME,SIZE --noheadings")).succeeded()
                .hasStdoutContaining("/swap.img").hasStdoutContaining("64M");
    }

    @Test
    void networkRenamedTheNicMatchedByMacAndGaveItTheLabsAddress() {
        assertThat(web.ssh().run("ip -4 -o addr show lan0")).succeeded()
                .hasStdoutContaining("inet " + web.address().getHostAddress() + "/");
    }

    @Test
    void localeKeyboardAndTimezone() {
        assertThat(web).hasFileContaining("/etc/default/locale", "LANG=en_US.UTF-8")
                .hasFileContaining("/etc/default/keyboard", "XKBLAYOUT=\"de\"")
                .hasFileContaining("/etc/default/keyboard", "XKBVARIANT=\"nodeadkeys\"")
                .hasFile("/etc/timezone").withContent("Europe/Berlin");
        assertThat(web.ssh().run("date +%Z")).succeeded().hasStdoutContaining("CE");
    }

    @Test
    void aptPreferencesAndDebconfSelectionsReachedTheSystem() {
        assertThat(web).hasFileContaining("/etc/apt/preferences.d/90-autoinstall.pref", "Pin-Priority: 500");
        assertThat(web.root().run("debconf-show chrony")).succeeded().hasStdoutContaining("ntp.example.internal");
    }

    @Test
    void lateCommandsWroteTheSudoersFileInTheTarget() {
        assertThat(web.root().run("stat -c %a /etc/sudoers.d/90-ops")).succeeded().hasStdout("440");
        assertThat(web.ssh().run("sudo -n id -u")).succeeded().hasStdout("0");
    }

    @Test
    void identityAndSshWithoutPasswords() {
        assertThat(web).hasHostname("web-01");
        assertThat(web.ssh().run("getent passwd ops")).succeeded().hasStdoutContaining("Web Operator");
        assertThat(web.root().run("sshd -T | grep -i '^passwordauthentication'")).succeeded()
                .hasStdout("passwordauthentication no");
    }

    @Test
    void cloudInitRanWriteFilesAndRuncmdBeforeTheTestsStarted() {
        assertThat(web).hasFileContaining("/etc/motd", "managed by the web team");
        assertThat(web.ssh().run("jq -r .role /var/lib/role.json")).succeeded().hasStdout("web");
    }

    @Test
    void settingsWithoutMeaningInALabWereAcceptedWithAWarning() {
        assertThat(web.events()).extracting(e -> e.summary())
                .anyMatch(s -> s.contains("subiquity/Load/ignored/apt.primary") && s.contains("WARN"))
                .anyMatch(s -> s.contains("subiquity/Load/ignored/refresh-installer") && s.contains("WARN"))
                .anyMatch(s -> s.contains("subiquity/Load/ignored/reporting.central") && s.contains("WARN"));
    }
}
