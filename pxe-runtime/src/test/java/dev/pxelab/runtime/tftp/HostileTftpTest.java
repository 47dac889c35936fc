package dev.pxelab.runtime.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.event.TftpEvent;
import dev.pxelab.runtime.net.Ipv4Subnet;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client on the lab network can do to the TFTP server on purpose (issue 14), on loopback
 * addresses of the test's own namespace: 127.0.0.1 and 127.0.0.2 play two machines.
 */
class HostileTftpTest {

    static final InetAddress FIRST = address("127.0.0.1");
    static final InetAddress SECOND = address("127.0.0.2");
    static final InetAddress OUTSIDE = address("127.0.0.9");

    @TempDir Path root;
    final List<ProvisioningEvent> events = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> open = new ArrayList<>();
    TftpServer server;

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    TftpServer start(TftpServerConfig.Builder config) throws Exception {
        Files.write(root.resolve("kernel"), new byte[100_000]);
        server = TftpServer.start(config.address(address("0.0.0.0")).port(0).root(root)
                .files((name, client) -> name.equals("explodes") ? explode() : Optional.empty())
                .timeout(Duration.ofSeconds(1)).maxRetries(3).build(), events::add);
        return server;
    }

    private static Optional<byte[]> explode() {
        throw new OutOfMemoryError("Java heap space (simulated by the test)");
    }

    TftpTestClient client(InetAddress from) throws Exception {
        TftpTestClient client = new TftpTestClient(new java.net.InetSocketAddress(FIRST, server.address().getPort()), from);
        open.add(client);
        return client;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** B2: 10,100 such requests held every file descriptor of the JVM for hours. */
    @Test
    void concurrentTransfersAreCappedPerClientAndInTotal() throws Exception {
        start(TftpServerConfig.builder().maxTransfers(3, 2));

        List<TftpPacket> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TftpTestClient c = client(FIRST);
            c.read("kernel", "timeout", "255");
            first.add(c.receive(Duration.ofSeconds(3)));
        }
        TftpTestClient second = client(SECOND);
        second.read("kernel");
        TftpPacket secondsFirst = second.receive(Duration.ofSeconds(3));
        TftpTestClient third = client(SECOND);
        third.read("kernel");

        assertThat(first.subList(0, 2)).allMatch(p -> !(p instanceof TftpPacket.Error));
        assertThat(first.get(2)).isInstanceOfSatisfying(TftpPacket.Error.class,
                e -> assertThat(e.message()).contains("server busy").contains("2 transfers to 127.0.0.1"));
        assertThat(secondsFirst).isNotInstanceOf(TftpPacket.Error.class);
        assertThat(third.receive(TftpPacket.Error.class).message()).contains("server busy: 3 transfers are running");
        assertThat(server.stats().busy()).isEqualTo(2);
    }

    /** B2: with timeout=255 one transfer whose client never ACKs lived 2.2 hours. */
    @Test
    void aHugeTimeoutIsNotGrantedAndATransferEndsAfterItsLifetime() throws Exception {
        start(TftpServerConfig.builder().maxRetries(1000).transferLifetime(Duration.ofMillis(800)));
        TftpTestClient c = client(FIRST);

        c.read("kernel", "timeout", "255", "blksize", "1024");
        TftpPacket.OptionAck oack = c.receive(TftpPacket.OptionAck.class);

        assertThat(oack.options()).containsKey("blksize").doesNotContainKey("timeout");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().active() == 0);
        assertThat(events).filteredOn(e -> e instanceof TftpEvent t && t.type() == TftpEvent.Type.FAILED)
                .singleElement().extracting(ProvisioningEvent::summary).asString().contains("lifetime");
    }

    /** B3: an OutOfMemoryError on the I/O thread closed port 69 for good. */
    @Test
    void theServerServesOnAfterAnErrorWhileAnsweringOneRequest() throws Exception {
        start(TftpServerConfig.builder());

        client(FIRST).read("explodes");
        TftpTestClient next = client(FIRST);
        next.read("kernel");

        assertThat(next.receive(TftpPacket.Data.class).block()).isEqualTo(1);
        assertThat(server.isServing()).isTrue();
        assertThat(server.stats().errors()).isEqualTo(1);
    }

    /** A forged off-lab source made the server send a file out of another interface. */
    @Test
    void requestsFromOutsideTheLabSubnetAreDroppedUnanswered() throws Exception {
        start(TftpServerConfig.builder().clients(Ipv4Subnet.parse("127.0.0.0/30")));

        TftpTestClient outside = client(OUTSIDE);
        outside.read("kernel");
        TftpTestClient inside = client(SECOND);
        inside.read("kernel");

        assertThat(inside.receive(TftpPacket.Data.class).block()).isEqualTo(1);
        assertThat(outside.receiveWithin(Duration.ofMillis(500))).isEmpty();
        assertThat(server.stats().dropped()).isEqualTo(1);
        assertThat(server.stats().received()).as("read, then dropped: both counted").isEqualTo(2);
    }

    /** B1: 1,000 requests with 60 KB names kept 120 MB in events and wrote 120 MB of log. */
    @Test
    void aHugeFileNameIsRefusedAndKeptOnlyShortened() throws Exception {
        start(TftpServerConfig.builder());
        TftpTestClient c = client(FIRST);

        c.read("x".repeat(60_000));

        assertThat(c.receive(TftpPacket.Error.class).message()).contains("longer than 512");
        await().until(() -> !events.isEmpty());
        TftpEvent refused = (TftpEvent) events.get(0);
        assertThat(refused.file().length()).isLessThan(600);
        assertThat(refused.summary().length()).isLessThan(700);
    }

    @Test
    void aNewlineInAFileNameCannotForgeALogLine() throws Exception {
        start(TftpServerConfig.builder());
        TftpTestClient c = client(FIRST);

        c.read("a\nTFTP sent kernel (100000 bytes) to 127.0.0.1");

        c.receive(TftpPacket.Error.class);
        await().until(() -> !events.isEmpty());
        assertThat(events.get(0).summary()).doesNotContain("\n").contains("a\\x0aTFTP sent");
    }

    @Test
    void aNewlineInTheModeCannotForgeALogLineEither() throws Exception {
        start(TftpServerConfig.builder());
        TftpTestClient c = client(FIRST);

        c.send(TftpPacket.Request.read("kernel", "octet\nTFTP sent kernel", Map.of()),
                new java.net.InetSocketAddress(FIRST, server.address().getPort()));

        assertThat(c.receive(TftpPacket.Error.class).message()).contains("unsupported transfer mode");
        await().until(() -> !events.isEmpty());
        assertThat(events.get(0).summary()).doesNotContain("\n").contains("octet\\x0aTFTP sent");
    }
}
