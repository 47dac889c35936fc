package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Finds QEMU and the firmware a target needs on this host, as Debian 12 / Ubuntu install them.
 * A missing file is one clear error that names the Debian package to install.
 */
final class QemuInstallation {

    private final Path root;
    private final List<Path> searchPath;

    QemuInstallation(Path root, List<Path> searchPath) {
        this.root = root;
        this.searchPath = searchPath;
    }

    static QemuInstallation host() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return new QemuInstallation(Path.of("/"),
                Arrays.stream(path.split(":")).filter(s -> !s.isEmpty()).map(Path::of).toList());
    }

    FirmwareFiles locate(MachineSpec spec) {
        Path qemu = binary(spec.architecture().qemuBinary(), spec.architecture().debianPackage());
        Path nicRom = spec.nicRom() && spec.architecture() == Architecture.X86_64
                ? file("usr/lib/ipxe/qemu/efi-virtio.rom", "the virtio NIC's iPXE ROM", "ipxe-qemu")
                : null;
        if (spec.firmware() == Firmware.BIOS) {
            return new FirmwareFiles(qemu, null, null, nicRom);
        }
        return switch (spec.architecture()) {
            case X86_64 -> new FirmwareFiles(qemu,
                    file("usr/share/OVMF/OVMF_CODE_4M.fd", "OVMF UEFI firmware", "ovmf"),
                    file("usr/share/OVMF/OVMF_VARS_4M.fd", "OVMF UEFI variable store", "ovmf"), nicRom);
            case AARCH64 -> new FirmwareFiles(qemu,
                    file("usr/share/AAVMF/AAVMF_CODE.fd", "AAVMF UEFI firmware", "qemu-efi-aarch64"),
                    file("usr/share/AAVMF/AAVMF_VARS.fd", "AAVMF UEFI variable store", "qemu-efi-aarch64"), null);
        };
    }

    Path qemuImg() {
        return binary("qemu-img", "qemu-img (Debian package qemu-utils)");
    }

    Path binary(String name, String what) {
        for (Path dir : searchPath) {
            if (dir.isAbsolute()) {
                Path candidate = root.resolve(dir.toString().substring(1)).resolve(name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(name + " not found on the PATH: install " + what);
    }

    private Path file(String relative, String what, String debianPackage) {
        Path p = root.resolve(relative);
        if (!Files.isReadable(p)) {
            throw new IllegalStateException(what + " " + Path.of("/").resolve(relative)
                    + " not found: install the Debian package " + debianPackage);
        }
        return p;
    }
}
