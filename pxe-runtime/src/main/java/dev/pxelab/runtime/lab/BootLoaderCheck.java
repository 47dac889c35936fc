package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.provision.BootLoaders;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.machine.MachineSpec;
import java.util.List;
import java.util.Map;

/**
 * Before anything boots: the loaders each target's firmware will fetch over TFTP must be there.
 * A missing one would otherwise show only as a target that never gets past its firmware, so it
 * is named here with the Debian package that ships it.
 */
final class BootLoaderCheck {

    /** Debian packages of the default loaders (tools/setup installs them). */
    private static final Map<String, String> PACKAGES = Map.of(
            "undionly.kpxe", "ipxe", "ipxe.efi", "ipxe", "snponly.efi", "ipxe",
            "bootnetaa64.efi", "debian-installer-12-netboot-arm64", "grubaa64.efi", "debian-installer-12-netboot-arm64");

    private BootLoaderCheck() {
    }

    static void require(BootLoaders loaders, List<MachineSpec> targets) {
        for (MachineSpec target : targets) {
            for (String loader : neededBy(target, loaders)) {
                if (!loaders.files().containsKey(loader)) {
                    String pkg = PACKAGES.get(loader);
                    throw new IllegalStateException("target " + target.name() + " (" + target.mac() + ") network-boots"
                            + " through " + loader + " over TFTP, which is not there: "
                            + (pkg != null ? "install the Debian package " + pkg + " (tools/setup does)"
                                    : "add it with BootLoaders.with(\"" + loader + "\", file)"));
                }
            }
        }
    }

    /** What the firmware fetches before iPXE or GRUB runs; nothing when the NIC's iPXE ROM runs. */
    private static List<String> neededBy(MachineSpec target, BootLoaders loaders) {
        if (target.architecture() == Architecture.AARCH64) {
            String shim = loaders.bootFiles().arm64Uefi();
            // Debian's shim loads its GRUB next to it.
            return shim.equals("bootnetaa64.efi") ? List.of(shim, "grubaa64.efi") : List.of(shim);
        }
        if (target.firmware() == Firmware.UEFI && !target.nicRom()) {
            return List.of(loaders.bootFiles().x64Uefi());
        }
        return List.of();
    }
}
