package dev.pxelab.samples.aarch64;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.lab.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One lab, three kinds of machine at once, as in a fleet in transition: an x86_64 BIOS machine, an
 * x86_64 UEFI machine and an aarch64 (UEFI) machine. Each firmware is sent the boot file its DHCP
 * request asks for, each installs the test OS of its own architecture from its own user-data, and
 * the same assertions hold for all three. Opt-in with the other aarch64 samples ({@code -Paarch64}).
 */
@PxeLab
class MixedArchitectureLabIT {

    @TargetVm(mac = "52:54:00:0a:65:01", userData = "autoinstall/bios-host.yaml")
    static Target bios;

    @TargetVm(mac = "52:54:00:0a:65:02", userData = "autoinstall/uefi-host.yaml", firmware = Firmware.UEFI)
    static Target uefi;

    @TargetVm(mac = "52:54:00:0a:65:03", userData = "autoinstall/arm-host.yaml", firmware = Firmware.UEFI,
            arch = Architecture.AARCH64)
    static Target arm;

    @Test
    void eachMachineInstalledItsOwnUserDataOnItsOwnArchitecture() {
        Map<Target, String> hostnames = Map.of(bios, "bios-host", uefi, "uefi-host", arm, "arm-host");
        Map<Target, String> machines = Map.of(bios, "x86_64", uefi, "x86_64", arm, "aarch64");
        for (Target target : List.of(bios, uefi, arm)) {
            assertThat(target).hasHostname(hostnames.get(target))
                    .hasFileContaining("/etc/pxelab-user", "uid=1000(ops)")
                    .hasFileContaining("/home/ops/.ssh/authorized_keys", "ops@" + hostnames.get(target));
            assertThat(target.ssh().run("uname -m")).as("uname -m on %s", target).succeeded()
                    .hasStdout(machines.get(target));
        }
        assertThat(bios).hasFile("/etc/pxelab-firmware").withContent("bios firmware");
        assertThat(uefi).hasFile("/etc/pxelab-firmware").withContent("uefi firmware");
        assertThat(arm).hasFile("/etc/pxelab-installed-on").withContent("installed on aarch64");
    }

    @Test
    void eachFirmwareWasSentTheBootLoaderItAskedFor() {
        // x86_64: QEMU's iPXE ROM asks as iPXE and gets its per-MAC script; AAVMF's own PXE asks
        // for arm64 UEFI (option 93 = 11) and gets Debian's signed shim
        assertThat(firstBootFile(bios)).startsWith("http://").endsWith("/52:54:00:0a:65:01/boot.ipxe");
        assertThat(firstBootFile(uefi)).startsWith("http://").endsWith("/52:54:00:0a:65:02/boot.ipxe");
        assertThat(firstBootFile(arm)).isEqualTo("bootnetaa64.efi");
    }

    private static String firstBootFile(Target target) {
        return target.events().stream()
                .filter(e -> e instanceof DhcpEvent d && d.type() == DhcpEvent.Type.ACK && d.bootFile() != null)
                .map(e -> ((DhcpEvent) e).bootFile()).findFirst().orElseThrow();
    }
}
