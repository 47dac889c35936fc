package dev.pxelab.runtime.packages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** How a test JVM, boxed in a network namespace that leads nowhere, lets apt reach the host's mirror. */
final class HostNetwork {

    private HostNetwork() {
    }

    /**
     * Nothing when this namespace has a default route; else nsenter into the network namespace of
     * the nearest ancestor outside ours (Maven's, which started this JVM through unshare), which
     * needs root.
     */
    static List<String> launcher() throws IOException {
        boolean defaultRoute = Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1)
                .map(line -> line.split("\\s+")).anyMatch(fields -> fields.length > 1 && fields[1].equals("00000000"));
        if (defaultRoute) {
            return List.of();
        }
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        Assumptions.assumeTrue(root, "this test JVM's network namespace has no way out and only root may run apt in"
                + " the host's (nsenter)");
        Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        for (ProcessHandle p = ProcessHandle.current().parent().orElse(null); p != null; p = p.parent().orElse(null)) {
            Path theirs = Path.of("/proc", Long.toString(p.pid()), "ns", "net");
            if (!Files.readSymbolicLink(theirs).equals(ours)) {
                return List.of("nsenter", "--net=" + theirs, "--");
            }
        }
        Assumptions.abort("this test JVM's network namespace has no way out and no ancestor process is outside it");
        return List.of();
    }
}
