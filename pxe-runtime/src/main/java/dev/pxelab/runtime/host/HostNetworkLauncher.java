package dev.pxelab.runtime.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How apt reaches the host's mirror from a test JVM that pxelab boxed into a network namespace
 * leading nowhere: through the network namespace of its nearest ancestor outside it (the Maven
 * that started it through unshare), which only root may enter. Only downloads from the host's
 * Debian mirror run there (apt, debootstrap); the lab stays in its own namespace.
 */
public final class HostNetworkLauncher {

    private HostNetworkLauncher() {
    }

    /** Nothing when this namespace has a way out, or when it cannot be left (not root); else an nsenter prefix. */
    public static List<String> launcher() {
        try {
            boolean defaultRoute = Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1)
                    .map(line -> line.split("\\s+")).anyMatch(f -> f.length > 1 && f[1].equals("00000000"));
            if (defaultRoute || ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) != 0) {
                return List.of();
            }
            Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
            for (ProcessHandle p = ProcessHandle.current().parent().orElse(null); p != null; p = p.parent().orElse(null)) {
                Path theirs = Path.of("/proc", Long.toString(p.pid()), "ns", "net");
                if (!Files.readSymbolicLink(theirs).equals(ours)) {
                    return List.of("nsenter", "--net=" + theirs, "--");
                }
            }
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            // no /proc to read: apt runs here, and a cold cache fails saying why
        }
        return List.of();
    }
}
