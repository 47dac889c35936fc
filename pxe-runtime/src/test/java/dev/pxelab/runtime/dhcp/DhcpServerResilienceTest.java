package dev.pxelab.runtime.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.testing.PeerNamespace;
import dev.pxelab.runtime.testing.PeerNamespace.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DHCP server keeps answering through what used to end or deafen it (issue 14). */
class DhcpServerResilienceTest {

    static final String MAC = "52:54:00:00:00:41";

    @TempDir Path dir;

    /** B3: the DHCP loop caught only RuntimeException; an Error while answering ended it for good. */
    @Test
    void anErrorWhileAnsweringOneClientDoesNotStopTheServer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", MAC);
             DhcpServer server = DhcpServer.start(DhcpServerConfig.builder(peer.hostSide(), Ipv4.parse("192.168.105.1"), 24)
                     .staticLease(MAC, "192.168.105.41", "m-41").build(), event -> {
                         if (calls.incrementAndGet() == 1) {
                             throw new OutOfMemoryError("Java heap space (simulated by the test)");
                         }
                     })) {
            assertThat(udhcpc(peer)).contains("ip=192.168.105.41");
            assertThat(server.isServing()).isTrue();
            assertThat(server.stats().errors()).isEqualTo(1);
        }
    }

    /** After the lab bridge was deleted and created again, the server was silently deaf. */
    @Test
    void aBridgeDeletedAndCreatedAgainIsServedAgain() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create(null, MAC)) {
            String bridge = "pxrb" + ProcessHandle.current().pid() % 1000;
            bridge(bridge, peer);
            try (DhcpServer server = DhcpServer.start(DhcpServerConfig.builder(bridge, Ipv4.parse("192.168.105.1"), 24)
                    .staticLease(MAC, "192.168.105.41", "m-41").build(), null)) {
                assertThat(udhcpc(peer)).contains("ip=192.168.105.41");

                ip("link", "del", bridge);
                bridge(bridge, peer);
                Thread.sleep(2500); // the watcher checks every second

                assertThat(udhcpc(peer)).as("answered on the new bridge").contains("ip=192.168.105.41");
            } finally {
                ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "link", "del", bridge));
            }
        }
    }

    private static void bridge(String name, PeerNamespace peer) throws Exception {
        ip("link", "add", name, "type", "bridge");
        ip("addr", "add", "192.168.105.1/24", "dev", name);
        ip("link", "set", name, "up");
        ip("link", "set", peer.hostSide(), "master", name);
    }

    private static void ip(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        ProcessResult.run(Duration.ofSeconds(5), command).assertSucceeded();
    }

    private String udhcpc(PeerNamespace peer) throws Exception {
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env | sort\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return peer.run(Duration.ofSeconds(20), "busybox", "udhcpc", "-i", peer.peerSide(), "-n", "-q", "-f", "-t", "5",
                "-T", "1", "-s", script.toString()).output();
    }
}
