package dev.pxelab.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerNamespaceTest {

    @Test
    void peerReachesTheJvmNamespaceOverItsVethAndNothingElse() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", "52:54:00:00:00:42")) {
            peer.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.105.2/24", "dev", peer.peerSide())
                    .assertSucceeded();
            peer.run(Duration.ofSeconds(10), "ping", "-c", "1", "-W", "3", "192.168.105.1").assertSucceeded();
            assertThat(peer.run(Duration.ofSeconds(5), "ip", "link", "show", peer.peerSide()).output())
                    .contains("52:54:00:00:00:42");
        }
    }

    @Test
    void theTestJvmRunsInANamespaceWithOnlyLoopback() throws Exception {
        String links = PeerNamespace.ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "-o", "link", "show"))
                .output();
        assertThat(links.lines().filter(l -> !l.contains(" lo:"))).as(links).isEmpty();
    }
}
