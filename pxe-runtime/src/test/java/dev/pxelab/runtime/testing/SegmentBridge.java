package dev.pxelab.runtime.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A bridge in the test JVM's namespace made the way other tooling makes one (no pxelab code, no
 * router advertisements): the "existing interface" {@code pxelab serve --interface} is pointed at,
 * with namespaces ({@link PeerNamespace}) plugged into it as machines and servers on the segment.
 */
public final class SegmentBridge implements AutoCloseable {

    private final String name;

    private SegmentBridge(String name) {
        this.name = name;
    }

    /** Creates bridge {@code name} with {@code cidr} on it, up, STP off and no forward delay. */
    public static SegmentBridge create(String name, String cidr) throws IOException, InterruptedException {
        PeerNamespace.exec("ip", "link", "add", name, "type", "bridge", "stp_state", "0", "forward_delay", "0");
        SegmentBridge bridge = new SegmentBridge(name);
        try {
            PeerNamespace.exec("ip", "addr", "add", cidr, "dev", name);
            PeerNamespace.exec("ip", "link", "set", name, "up");
            return bridge;
        } catch (IOException | RuntimeException e) {
            bridge.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** Plugs {@code peer}'s veth into the bridge: the peer namespace is then on the segment. */
    public <T extends PeerNamespace> T plug(T peer) throws IOException, InterruptedException {
        PeerNamespace.exec("ip", "link", "set", peer.hostSide(), "master", name);
        return peer;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            PeerNamespace.ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "link", "del", name));
        } catch (IOException ignored) {
            // already gone
        }
    }
}
