package dev.pxelab.runtime.tftp;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Files the provisioner generates or holds in memory (boot loaders, per-host configs). The server
 * asks its source before it looks into the root folder.
 *
 * <p>{@code name} is the requested name after the server's checks: relative, '/'-separated,
 * without a leading '/', without '.' or empty segments, never containing '..' or '\'. So
 * {@code "/undionly.kpxe"} and {@code "undionly.kpxe"} both arrive as {@code "undionly.kpxe"}.
 * Called on the server's I/O thread: must be quick and must not block.
 */
@FunctionalInterface
public interface TftpFileSource {

    TftpFileSource NONE = (name, client) -> Optional.empty();

    /** The file's bytes (not modified or kept by the caller beyond the transfer), or empty if this source has no such file. */
    Optional<byte[]> find(String name, InetSocketAddress client);

    /** Fixed files by name. */
    static TftpFileSource of(Map<String, byte[]> files) {
        Map<String, byte[]> copy = Map.copyOf(files);
        return (name, client) -> Optional.ofNullable(copy.get(name));
    }

    /** Files generated on every request, by name. */
    static TftpFileSource ofSuppliers(Map<String, Supplier<byte[]>> files) {
        Map<String, Supplier<byte[]>> copy = Map.copyOf(files);
        return (name, client) -> Optional.ofNullable(copy.get(name)).map(Supplier::get);
    }
}
