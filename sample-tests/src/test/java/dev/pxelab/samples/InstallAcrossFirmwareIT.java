package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.provision.HostState;
import dev.pxelab.runtime.boot.Firmware;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One lab, three machines booting in parallel: a BIOS machine and a UEFI machine with user-data
 * of their own, and a third MAC the lab has no user-data for, which installs the generic file.
 * Each installs, reboots, is sent to its local disk by its second network boot and answers SSH.
 */
@PxeLab(userData = "autoinstall/generic.yaml")
class InstallAcrossFirmwareIT {

    @TargetVm(mac = "52:54:00:0a:00:01", userData = "autoinstall/bios-host.yaml")
    static Target bios;

    @TargetVm(mac = "52:54:00:0a:00:02", userData = "autoinstall/uefi-host.yaml", firmware = Firmware.UEFI)
    static Target uefi;

    @TargetVm(mac = "52:54:00:0a:00:03")
    static Target fallback;

    @Test
    void eachMachineInstalledItsOwnUserData() {
        assertThat(bios).hasHostname("bios-host").hasFile("/etc/pxelab-firmware").withContent("bios firmware");
        assertThat(uefi).hasHostname("uefi-host").hasFile("/etc/pxelab-firmware").withContent("uefi firmware");
        assertThat(fallback).hasHostname("generic-host")
                .hasFile("/etc/pxelab-installed-by").withContent("generic user-data");
    }

    @Test
    void theInstalledSystemIsTheTestOsWithTheUserAndKeysOfTheUserData() {
        for (Target target : List.of(bios, uefi)) {
            assertThat(target).hasFileContaining("/etc/os-release", "pxelab");
            assertThat(target.ssh().run("id -un")).succeeded().hasStdout("ops");
            // written by a late-command through `curtin in-target`, i.e. inside the installed system
            assertThat(target).hasFileContaining("/etc/pxelab-user", "uid=1000(ops)");
        }
        assertThat(bios).hasFileContaining("/home/ops/.ssh/authorized_keys", "ops@bios-host");
        assertThat(bios.ssh().run("cat /etc/shadow")).as("the user may not read the shadow file").failed();
        assertThat(uefi).hasFileContaining("/home/ops/.ssh/authorized_keys", "ops@uefi-host");
    }

    @Test
    void aSectionWithoutMeaningInALabIsAcceptedWithAWarning() {
        assertThat(bios.events()).extracting(e -> e.summary())
                .anyMatch(summary -> summary.startsWith("installer finish subiquity/Load/ignored/refresh-installer WARN"));
        assertThat(bios.console()).contains("warning: 'refresh-installer' is accepted but has no effect here");
    }

    @Test
    void theInstalledSystemKeepsTheKernelParametersTheInstallerWasGivenAfterThreeDashes() {
        // The test OS boots with "--- norandmaps": under TCG, address-space randomisation makes
        // every exec translate its libraries again, so the installed system goes without it too.
        for (Target target : List.of(bios, uefi)) {
            assertThat(target.ssh().run("cat /proc/cmdline")).succeeded().hasStdoutContaining(" norandmaps");
            assertThat(target.ssh().run("cat /proc/sys/kernel/randomize_va_space")).succeeded().hasStdout("0");
        }
    }

    @Test
    void theLabLogsInAsRootToReadWhatOnlyRootMay() {
        for (Target target : List.of(bios, uefi, fallback)) {
            assertThat(target.root().run("id -u")).succeeded().hasStdout("0");
        }
        assertThat(bios.root().run("grep '^ops:' /etc/shadow")).succeeded()
                .hasStdoutContaining("ops:$6$");
    }

    @Test
    void theSecondNetworkBootWentToTheLocalDiskWithoutInstallingAgain() {
        for (Target target : List.of(bios, uefi, fallback)) {
            Instant installed = target.status().entered(HostState.INSTALLED).orElseThrow().time();
            List<String> afterInstall = target.events().stream()
                    .filter(e -> e.time().isAfter(installed))
                    .filter(HttpEvent.class::isInstance).map(e -> ((HttpEvent) e).path()).toList();
            assertThat(afterInstall).as("HTTP requests of %s after its install", target)
                    .contains("/" + target.mac() + "/boot.ipxe")
                    .noneMatch(path -> path.endsWith("/user-data") || path.endsWith("vmlinuz"));
            assertThat(target.state()).isEqualTo(HostState.BOOTED);
        }
    }

    @Test
    void theUefiMachinesIpxeStartedTheInstalledBootLoaderItself() {
        // Rather than leaving iPXE for the firmware's other network boot options first (PXE, then
        // HTTP boot over IPv4 and IPv6: over a minute under TCG), it chains GRUB from the disk.
        assertThat(uefi.console())
                .contains("is installed, starting its boot loader file://TESTOS-ESP/EFI/BOOT/BOOTX64.EFI")
                .doesNotContain("did not start", "Start HTTP Boot");
    }

}
