package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.dhcp.BootFiles;
import dev.pxelab.runtime.tftp.TftpFileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network boot loaders that firmware PXE fetches over TFTP before iPXE (or GRUB) takes over.
 * By default they come from Debian's {@code ipxe} package; a lab may add or replace any of them
 * (an {@code ipxe-arm64.efi} of the user's, say).
 *
 * <p>Each is read once, on first use: they are small (tens of KiB to a few MiB) and firmware asks
 * for the same file again and again (EDK2 probes the size first), so serving them from memory is
 * the cheap path.
 */
public record BootLoaders(Map<String, Path> files, BootFiles bootFiles) {

    /** Where Debian's {@code ipxe} package puts its images. */
    static final Path DEBIAN_IPXE = Path.of("/usr/lib/ipxe");

    public BootLoaders {
        files = Map.copyOf(files);
    }

    /** Where {@code debian-installer-12-netboot-arm64} puts its network boot files. */
    static final Path DEBIAN_ARM64_NETBOOT = Path.of("/usr/lib/debian-installer/images/12/arm64/text/debian-installer/arm64");

    /**
     * GRUB's prefix in Debian's signed arm64 network image: it reads {@code grub.cfg} and its
     * modules ({@code arm64-efi/*.mod}; {@code http.mod} is not built in) from there over TFTP.
     */
    public static final String DEBIAN_ARM64_GRUB_PREFIX = "debian-installer/arm64/grub";

    /**
     * From Debian's packages, where installed: undionly.kpxe, ipxe.efi and snponly.efi ({@code ipxe});
     * for arm64 UEFI the signed shim bootnetaa64.efi, the GRUB it loads (grubaa64.efi) and GRUB's
     * modules under {@value #DEBIAN_ARM64_GRUB_PREFIX}/arm64-efi ({@code debian-installer-12-netboot-arm64}).
     * The provisioner adds the GRUB config at {@value #DEBIAN_ARM64_GRUB_PREFIX}/grub.cfg itself.
     */
    public static BootLoaders debianDefaults() {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : new String[] {"undionly.kpxe", "ipxe.efi", "snponly.efi"}) {
            addIfPresent(files, name, DEBIAN_IPXE.resolve(name));
        }
        addIfPresent(files, "bootnetaa64.efi", DEBIAN_ARM64_NETBOOT.resolve("bootnetaa64.efi"));
        addIfPresent(files, "grubaa64.efi", DEBIAN_ARM64_NETBOOT.resolve("grubaa64.efi"));
        Path modules = DEBIAN_ARM64_NETBOOT.resolve("grub/arm64-efi");
        if (Files.isDirectory(modules)) {
            try (var list = Files.list(modules)) {
                list.filter(Files::isRegularFile).sorted().forEach(module -> files.put(
                        DEBIAN_ARM64_GRUB_PREFIX + "/arm64-efi/" + module.getFileName(), module));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list GRUB modules in " + modules, e);
            }
        }
        return new BootLoaders(files, BootFiles.DEFAULTS);
    }

    private static void addIfPresent(Map<String, Path> files, String name, Path file) {
        if (Files.isRegularFile(file)) {
            files.put(name, file);
        }
    }

    /** The same loaders plus {@code file} served as {@code name}. */
    public BootLoaders with(String name, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("boot loader " + name + ": " + file.toAbsolutePath() + " does not exist");
        }
        Map<String, Path> copy = new LinkedHashMap<>(files);
        copy.put(name, file);
        return new BootLoaders(copy, bootFiles);
    }

    /**
     * The name an arm64 network loader of the user's is served under ({@link #withArm64Loader}):
     * iPXE's usual name for its arm64 EFI build.
     */
    public static final String ARM64_LOADER = "ipxe-arm64.efi";

    /**
     * The same loaders, but arm64 UEFI firmware is sent {@code file} (as {@value #ARM64_LOADER})
     * instead of Debian's shim and GRUB: an iPXE built for arm64 ({@code snponly.efi} or
     * {@code ipxe.efi} of {@code make bin-arm64-efi/...}). Debian 12's {@code ipxe} package ships
     * x86_64 EFI builds only. iPXE then asks DHCP again as iPXE and gets the per-MAC iPXE script,
     * as x86_64 machines do.
     */
    public BootLoaders withArm64Loader(Path file) {
        return with(ARM64_LOADER, file).withBootFiles(bootFiles.withArm64Uefi(ARM64_LOADER));
    }

    public BootLoaders withBootFiles(BootFiles bootFiles) {
        return new BootLoaders(files, bootFiles);
    }

    /**
     * Each file is read on its first request and then served from memory: a lab holds a few MiB
     * of loaders and GRUB modules, of which a run needs only those of its targets' firmware.
     */
    TftpFileSource asFileSource() {
        Map<String, byte[]> loaded = new ConcurrentHashMap<>();
        return (name, client) -> {
            Path path = files.get(name);
            return path == null ? Optional.empty() : Optional.of(loaded.computeIfAbsent(name,
                    n -> Host.read("boot loader " + n, "boot loader", path)));
        };
    }

    Optional<Path> file(String name) {
        return Optional.ofNullable(files.get(name));
    }
}
