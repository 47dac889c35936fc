package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.dhcp.BootFiles;
import dev.pxelab.runtime.tftp.TftpFileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The network boot loaders that firmware PXE fetches over TFTP before iPXE (or GRUB) takes over.
 * By default they come from Debian's {@code ipxe} package; a lab may add or replace any of them
 * (an {@code ipxe-arm64.efi} of the user's, say).
 *
 * <p>They are read once, at start: they are small (tens of KiB to ~1 MiB) and firmware asks for
 * the same file again and again (EDK2 probes the size first), so serving them from memory is the
 * cheap path.
 */
public record BootLoaders(Map<String, Path> files, BootFiles bootFiles) {

    /** Where Debian's {@code ipxe} package puts its images. */
    static final Path DEBIAN_IPXE = Path.of("/usr/lib/ipxe");

    public BootLoaders {
        files = Map.copyOf(files);
    }

    /** undionly.kpxe, ipxe.efi and snponly.efi from Debian's ipxe package, where installed. */
    public static BootLoaders debianDefaults() {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : new String[] {"undionly.kpxe", "ipxe.efi", "snponly.efi"}) {
            Path file = DEBIAN_IPXE.resolve(name);
            if (Files.isRegularFile(file)) {
                files.put(name, file);
            }
        }
        return new BootLoaders(files, BootFiles.DEFAULTS);
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

    public BootLoaders withBootFiles(BootFiles bootFiles) {
        return new BootLoaders(files, bootFiles);
    }

    TftpFileSource asFileSource() {
        Map<String, byte[]> loaded = new LinkedHashMap<>();
        files.forEach((name, path) -> loaded.put(name, Host.read("boot loader " + name, "boot loader", path)));
        return TftpFileSource.of(loaded);
    }

    Optional<Path> file(String name) {
        return Optional.ofNullable(files.get(name));
    }
}
