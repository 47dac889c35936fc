package dev.pxelab.samples.aarch64;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.provision.HostState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An arm64 machine (QEMU's {@code virt} with AAVMF, UEFI) boots over the network through Debian's
 * signed shim and GRUB, installs the aarch64 test OS from its own user-data, reboots into the GRUB
 * the installer put on its EFI system partition and answers SSH: the same test as for x86_64, with
 * {@code arch = AARCH64}. Opt-in ({@code -Paarch64}): it runs several times slower under TCG.
 */
@PxeLab
class Aarch64InstallIT {

    @TargetVm(mac = "52:54:00:0a:64:01", arch = Architecture.AARCH64, firmware = Firmware.UEFI,
            userData = "autoinstall/arm-host.yaml")
    static Target arm;

    @Test
    void theMachineInstalledItsOwnUserData() {
        assertThat(arm).hasHostname("arm-host")
                .hasFileContaining("/home/ops/.ssh/authorized_keys", "ops@arm-host")
                // written by a late-command through `curtin in-target`, i.e. inside the installed system
                .hasFileContaining("/etc/pxelab-user", "uid=1000(ops)");
        assertThat(arm.ssh().run("id -un")).succeeded().hasStdout("ops");
    }

    @Test
    void theInstalledSystemIsAnArm64One() {
        assertThat(arm.ssh().run("uname -m")).succeeded().hasStdout("aarch64");
        // the installer itself ran on the arm64 machine: its late-command saw the same
        assertThat(arm).hasFile("/etc/pxelab-installed-on").withContent("installed on aarch64");
        assertThat(arm).hasFileContaining("/etc/os-release", "(arm64)");
    }

    @Test
    void itBootedThroughShimAndGrubAndAfterTheInstallStartedTheGrubOnItsDisk() {
        Instant installed = arm.status().entered(HostState.INSTALLED).orElseThrow().time();
        List<String> afterInstall = arm.events().stream()
                .filter(e -> e.time().isAfter(installed))
                .filter(HttpEvent.class::isInstance).map(e -> ((HttpEvent) e).path()).toList();
        assertThat(afterInstall).as("HTTP requests after the install")
                .contains("/" + arm.mac() + "/grub.cfg")
                .noneMatch(path -> path.endsWith("/user-data") || path.endsWith("vmlinuz"));
        // GRUB wraps its console lines at 80 columns: the loader's URI is on a line of its own
        assertThat(arm.console())
                .contains("is installed, starting its boot loader", "file://TESTOS-ESP/EFI/BOOT/BOOTAA64.EFI",
                        "Booting `pxelab test OS'")
                .doesNotContain("the installed boot loader did not start", "Start HTTP Boot");
        assertThat(arm.state()).isEqualTo(HostState.BOOTED);
    }
}
