package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing pieces of QEMU are reported with the Debian package that brings them. */
class QemuInstallationTest {

    private static final MacAddress MAC = MacAddress.of("52:54:00:00:00:11");

    @TempDir
    Path root;

    private QemuInstallation installation() {
        return new QemuInstallation(root, List.of(Path.of("/usr/bin")));
    }

    private void touch(String relative, boolean executable) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.createFile(p);
        if (executable) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void missingQemuNamesItsPackage() {
        assertThatThrownBy(() -> installation().locate(MachineSpec.builder(MAC).architecture(Architecture.AARCH64).build()))
                .hasMessage("qemu-system-aarch64 not found on the PATH: install qemu-system-aarch64 (Debian package qemu-system-arm)");
    }

    @Test
    void missingNicRomNamesIpxeQemu() throws IOException {
        touch("usr/bin/qemu-system-x86_64", true);
        assertThatThrownBy(() -> installation().locate(MachineSpec.builder(MAC).build()))
                .hasMessage("the virtio NIC's iPXE ROM /usr/lib/ipxe/qemu/efi-virtio.rom not found: install the Debian package ipxe-qemu");
    }

    @Test
    void missingOvmfNamesItsPackage() throws IOException {
        touch("usr/bin/qemu-system-x86_64", true);
        assertThatThrownBy(() -> installation().locate(MachineSpec.builder(MAC).firmware(Firmware.UEFI).nicRom(false).build()))
                .hasMessage("OVMF UEFI firmware /usr/share/OVMF/OVMF_CODE_4M.fd not found: install the Debian package ovmf");
    }

    @Test
    void missingAavmfNamesItsPackage() throws IOException {
        touch("usr/bin/qemu-system-aarch64", true);
        assertThatThrownBy(() -> installation().locate(MachineSpec.builder(MAC).architecture(Architecture.AARCH64).build()))
                .hasMessage("AAVMF UEFI firmware /usr/share/AAVMF/AAVMF_CODE.fd not found: install the Debian package qemu-efi-aarch64");
    }

    @Test
    void findsEverythingWhenInstalled() throws IOException {
        touch("usr/bin/qemu-system-x86_64", true);
        touch("usr/share/OVMF/OVMF_CODE_4M.fd", false);
        touch("usr/share/OVMF/OVMF_VARS_4M.fd", false);
        touch("usr/lib/ipxe/qemu/efi-virtio.rom", false);

        FirmwareFiles files = installation().locate(MachineSpec.builder(MAC).firmware(Firmware.UEFI).build());

        assertThat(files.qemu()).isEqualTo(root.resolve("usr/bin/qemu-system-x86_64"));
        assertThat(files.varsTemplate()).isEqualTo(root.resolve("usr/share/OVMF/OVMF_VARS_4M.fd"));
        assertThat(files.nicRom()).isEqualTo(root.resolve("usr/lib/ipxe/qemu/efi-virtio.rom"));
    }

    @Test
    void specsThatCannotBootAreRejectedWithTheMac() {
        assertThatThrownBy(() -> MachineSpec.builder(MAC).architecture(Architecture.AARCH64).firmware(Firmware.BIOS).build())
                .hasMessage("target 52:54:00:00:00:11: aarch64 has no BIOS; use Firmware.UEFI");
        assertThatThrownBy(() -> MachineSpec.builder(MAC).nicRom(false).build())
                .hasMessageStartingWith("target 52:54:00:00:00:11: a BIOS target network-boots through the NIC's iPXE ROM");
        assertThatThrownBy(() -> MachineSpec.builder(MAC).diskSize("8 GB").build())
                .hasMessage("target 52:54:00:00:00:11: disk size '8 GB' is not a qemu-img size such as 8G or 512M");
    }
}
