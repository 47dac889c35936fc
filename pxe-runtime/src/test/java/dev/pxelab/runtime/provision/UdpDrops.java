package dev.pxelab.runtime.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Datagrams the kernel dropped instead of queueing them for a UDP socket (a full receive buffer,
 * mostly), by local port: the {@code drops} column of {@code /proc/self/net/udp}, which covers the
 * test JVM's network namespace, where the lab's servers listen.
 */
final class UdpDrops {

    private static final int LOCAL_ADDRESS = 1;
    private static final int DROPS = 12;

    private UdpDrops() {
    }

    /** Drops of every IPv4 socket bound to {@code port}, whatever its address. */
    static long onPort(int port) {
        String suffix = String.format(":%04X", port);
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/net/udp"));
            return lines.stream().skip(1).map(line -> line.trim().split("\\s+"))
                    .filter(f -> f.length > DROPS && f[LOCAL_ADDRESS].endsWith(suffix))
                    .mapToLong(f -> Long.parseLong(f[DROPS])).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
