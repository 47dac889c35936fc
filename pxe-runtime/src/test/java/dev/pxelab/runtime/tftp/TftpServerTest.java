package dev.pxelab.runtime.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.event.TftpEvent;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's protocol behaviour, driven packet by packet from {@link TftpTestClient}. */
class TftpServerTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path root;

    private final List<TftpEvent> events = new CopyOnWriteArrayList<>();
    private final byte[] kernel = randomBytes(5000, 1);
    private TftpServer server;
    private TftpTestClient client;

    @BeforeEach
    void start() throws Exception {
        Files.write(root.resolve("kernel"), kernel);
        server = TftpServer.start(TftpServerConfig.builder()
                .address(InetAddress.getLoopbackAddress()).port(0).root(root)
                .files(TftpFileSource.of(Map.of("boot.ipxe", "#!ipxe\nexit\n".getBytes())))
                .timeout(Duration.ofSeconds(1)).maxRetries(3)
                .build(), e -> events.add((TftpEvent) e));
        client = new TftpTestClient(server.address());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private TftpPacket.Error expectError(int code) {
        TftpPacket.Error error = client.receive(TftpPacket.Error.class);
        assertThat(error.code()).as("error %s", error).isEqualTo(code);
        return error;
    }

    @Test
    void plainRfc1350TransferEndsWithAShortBlockAndACompletedEvent() {
        client.read("kernel");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int block = 1; ; block++) {
            TftpPacket.Data data = client.receive(TftpPacket.Data.class);
            assertThat(data.block()).isEqualTo(block);
            got.writeBytes(data.payload());
            client.ack(block);
            if (data.payload().length < 512) {
                break;
            }
        }
        assertThat(got.toByteArray()).isEqualTo(kernel);
        await().until(() -> events.size() == 2);
        assertThat(events).extracting(TftpEvent::type).containsExactly(TftpEvent.Type.STARTED, TftpEvent.Type.COMPLETED);
        assertThat(events.get(1).bytes()).isEqualTo(5000);
        assertThat(server.stats().completed()).isEqualTo(1);
        assertThat(client.peer().getPort()).as("each transfer has its own port").isNotEqualTo(server.address().getPort());
    }

    @Test
    void fileSizeThatIsAMultipleOfTheBlockSizeEndsWithAnEmptyBlock() throws Exception {
        Files.write(root.resolve("exact"), randomBytes(1024, 2));
        client.read("exact");
        for (int block = 1; block <= 3; block++) {
            TftpPacket.Data data = client.receive(TftpPacket.Data.class);
            assertThat(data.payload()).hasSize(block < 3 ? 512 : 0);
            client.ack(block);
        }
        await().until(() -> server.stats().completed() == 1);
    }

    @Test
    void inMemoryFileWithLeadingSlash() {
        client.read("/boot.ipxe");
        assertThat(client.receive(TftpPacket.Data.class).payload()).isEqualTo("#!ipxe\nexit\n".getBytes());
        client.ack(1);
        await().until(() -> server.stats().completed() == 1);
    }

    @Test
    void writeRequestsAreAccessViolations() {
        client.send(new TftpPacket.Request(TftpPacket.WRQ, "kernel", "octet", Map.of()), server.address());
        assertThat(expectError(2).message()).contains("read-only");
        await().until(() -> events.size() == 1);
        assertThat(events.get(0).type()).isEqualTo(TftpEvent.Type.FAILED);
        assertThat(events.get(0).detail()).contains("refused with error 2");
    }

    @Test
    void unknownFileIsError1AndPathsOutOfTheRootAreError2() {
        client.read("missing.efi");
        expectError(1);
        client.read("/etc/passwd");
        expectError(1);
        client.read("../etc/passwd");
        expectError(2);
        client.read("%2e%2e/etc/passwd");
        expectError(2);
        client.read("..\\..\\etc\\passwd");
        expectError(2);
        assertThat(server.stats().received()).isEqualTo(5);
        assertThat(server.stats().refused()).isEqualTo(5);
        assertThat(server.stats().started()).isZero();
    }

    @Test
    void malformedRequestsGetError4AndTheServerKeepsServing() {
        client.sendToServerPort(new byte[] {0});
        expectError(4);
        client.sendToServerPort(new byte[] {0, 1, 'k', 'e', 'r'});
        assertThat(expectError(4).message()).contains("not NUL-terminated");
        client.sendToServerPort(new byte[] {0, 42, 0, 0});
        assertThat(expectError(4).message()).contains("unknown opcode 42");
        client.send(TftpPacket.Request.read("kernel", "mail", Map.of()), server.address());
        assertThat(expectError(4).message()).contains("unsupported transfer mode 'mail'");
        client.sendToServerPort(new byte[] {0, 5, 0, 0, 0});
        assertThat(client.receiveWithin(SHORT)).as("errors are never answered").isEmpty();

        client.read("kernel");
        assertThat(client.receive(TftpPacket.Data.class).block()).isEqualTo(1);
    }

    @Test
    void badOptionValuesAreRefusedWithError8() {
        client.read("kernel", "blksize", "7");
        assertThat(expectError(8).message()).contains("blksize 7");
        client.read("kernel", "windowsize", "0");
        assertThat(expectError(8).message()).contains("windowsize 0");
        client.read("kernel", "tsize", "x");
        expectError(8);
    }

    @Test
    void oversizedBlockSizeIsClampedToRfc2348sMaximumOnLoopback() {
        client.read("kernel", "blksize", "70000");
        assertThat(client.receive(TftpPacket.OptionAck.class).options()).containsEntry("blksize", "65464");
        client.ack(0);
        assertThat(client.receive(TftpPacket.Data.class).payload()).isEqualTo(kernel);
    }

    @Test
    void lostAckMeansTheSameBlockIsResentAfterTheTimeout() {
        client.read("kernel");
        TftpPacket.Data first = client.receive(TftpPacket.Data.class);
        // Say nothing: the server must resend block 1, not give up or skip.
        TftpPacket.Data again = client.receive(TftpPacket.Data.class);
        assertThat(again).isEqualTo(first);
        client.ack(1);
        assertThat(client.receive(TftpPacket.Data.class).block()).isEqualTo(2);
        assertThat(server.stats().blocksRetransmitted()).isEqualTo(1);
    }

    @Test
    void duplicateAckIsNeverAnsweredSoTheSorcerersApprenticeCannotStart() {
        client.read("kernel");
        client.receive(TftpPacket.Data.class);
        client.ack(1);
        assertThat(client.receive(TftpPacket.Data.class).block()).isEqualTo(2);
        client.ack(1);
        client.ack(1);
        // Only the timer may resend block 2: nothing comes before it (1 s), and then one copy.
        assertThat(client.receiveWithin(Duration.ofMillis(600))).isEmpty();
        assertThat(client.receive(TftpPacket.Data.class).block()).isEqualTo(2);
        assertThat(client.receiveWithin(Duration.ofMillis(100))).isEmpty();
        assertThat(server.stats().duplicateAcks()).isEqualTo(2);
    }

    @Test
    void silentClientFailsTheTransferAfterTheRetriesWithBackoff() throws Exception {
        try (TftpServer impatient = TftpServer.start(TftpServerConfig.builder().port(0).root(root)
                .timeout(Duration.ofMillis(50)).maxRetries(3).build(), e -> events.add((TftpEvent) e));
             TftpTestClient silent = new TftpTestClient(impatient.address())) {
            silent.read("kernel");
            long start = System.nanoTime();
            // The copies wait in the client's socket until the server has given up: counting them
            // then does not depend on how promptly a loaded machine runs this thread.
            await().atMost(Duration.ofSeconds(10)).until(() -> impatient.stats().failed() == 1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            int copies = 0;
            while (silent.receiveWithin(Duration.ofMillis(200)).isPresent()) {
                copies++;
            }
            // First send + 3 retries after 50, 100, 200 ms; gives up 400 ms after the last one.
            assertThat(copies).isEqualTo(4);
            assertThat(millis).isGreaterThanOrEqualTo(750);
            assertThat(impatient.stats().blocksRetransmitted()).isEqualTo(3);
            assertThat(events.get(events.size() - 1).detail()).contains("no ACK for block 1 (block index 1) after 4 attempts");
        }
    }

    @Test
    void generatedFilesAreAskedForOnEveryRequestWithTheClientAddress() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        TftpFileSource perClient = (name, from) -> {
            asked.add(name + " from " + from.getAddress().getHostAddress());
            return name.equals("menu.cfg") ? Optional.of(("client " + asked.size()).getBytes())
                    : Optional.empty();
        };
        try (TftpServer generated = TftpServer.start(TftpServerConfig.builder().port(0).files(perClient).build(),
                e -> { });
             TftpTestClient c = new TftpTestClient(generated.address())) {
            c.read("/menu.cfg");
            assertThat(c.receive(TftpPacket.Data.class).payload()).isEqualTo("client 1".getBytes());
            c.ack(1);
            c.read("other.cfg");
            assertThat(c.receive(TftpPacket.Error.class).message()).contains("no root folder configured");
            assertThat(asked).containsExactly("menu.cfg from 127.0.0.1", "other.cfg from 127.0.0.1");
        }
    }

    @Test
    void windowOfBlocksIsSentBackToBackAndAGapRestartsAfterTheLastGoodBlock() throws Exception {
        Files.write(root.resolve("big"), randomBytes(100 * 64, 3));
        client.read("big", "blksize", "64", "windowsize", "4");
        assertThat(client.receive(TftpPacket.OptionAck.class).options())
                .containsExactly(Map.entry("blksize", "64"), Map.entry("windowsize", "4"));
        client.ack(0);
        for (int block = 1; block <= 4; block++) {
            assertThat(client.receive(TftpPacket.Data.class).block()).isEqualTo(block);
        }
        // Pretend block 3 was lost: acknowledge 2, the server continues with 3..6.
        client.ack(2);
        for (int block = 3; block <= 6; block++) {
            assertThat(client.receive(TftpPacket.Data.class).block()).isEqualTo(block);
        }
        assertThat(server.stats().blocksRetransmitted()).isZero();
    }

    @Test
    void blockNumbersWrapFrom65535ToZero() throws Exception {
        // 65537 blocks of 8 bytes: the last full block is index 65536 (wire 0), then an empty one (wire 1).
        byte[] content = randomBytes(8 * 65536, 4);
        Files.write(root.resolve("wrap"), content);
        client.read("wrap", "blksize", "8", "windowsize", "64");
        client.receive(TftpPacket.OptionAck.class);
        client.ack(0);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long index = 0;
        int lastWire = -1;
        int resent = 0;
        while (true) {
            TftpPacket.Data data = client.receive(TftpPacket.Data.class);
            int expected = (int) ((index + 1) & 0xFFFF);
            if (data.block() != expected) {
                // A window resent after a timeout (a loaded machine can delay our ACK): a real
                // client drops what it already has; it must be from the last window, nothing else.
                assertThat((expected - data.block()) & 0xFFFF).as("block %d while expecting %d", data.block(), expected)
                        .isBetween(1, 64);
                resent++;
                continue;
            }
            index++;
            got.writeBytes(data.payload());
            lastWire = data.block();
            boolean last = data.payload().length < 8;
            if (index % 64 == 0 || last) {
                client.ack(data.block());
            }
            if (last) {
                break;
            }
        }
        assertThat((long) resent).as("resent blocks seen").isLessThanOrEqualTo(server.stats().blocksRetransmitted() * 64);
        assertThat(index).isEqualTo(65537);
        assertThat(lastWire).isEqualTo(1);
        assertThat(got.toByteArray()).isEqualTo(content);
        await().until(() -> server.stats().completed() == 1);
    }

    @Test
    void edk2TsizeProbeThenError8IsANormalEndAndTheRealRequestFollows() {
        client.read("kernel", "tsize", "0", "blksize", "1468", "windowsize", "4");
        assertThat(client.receive(TftpPacket.OptionAck.class).options())
                .containsExactly(Map.entry("tsize", "5000"), Map.entry("blksize", "1468"), Map.entry("windowsize", "4"));
        client.error(8, "User aborted the transfer");
        await().until(() -> server.stats().abortedByClient() == 1);

        client.read("kernel", "blksize", "1468", "windowsize", "4");
        client.receive(TftpPacket.OptionAck.class);
        client.ack(0);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int block = 1; block <= 4; block++) {
            got.writeBytes(client.receive(TftpPacket.Data.class).payload());
        }
        client.ack(4);
        assertThat(got.toByteArray()).isEqualTo(kernel);
        await().until(() -> server.stats().completed() == 1);
        assertThat(events).extracting(TftpEvent::type).containsExactly(TftpEvent.Type.STARTED,
                TftpEvent.Type.ABORTED_BY_CLIENT, TftpEvent.Type.STARTED, TftpEvent.Type.COMPLETED);
        assertThat(server.stats().failed()).isZero();
    }

    @Test
    void repeatedRequestDoesNotStartASecondTransfer() {
        client.read("kernel");
        client.read("kernel");
        assertThat(client.receive(TftpPacket.Data.class).block()).isEqualTo(1);
        assertThat(client.receiveWithin(Duration.ofMillis(100))).isEmpty();
        assertThat(server.stats().started()).isEqualTo(1);
    }

    @Test
    void closeEndsActiveTransfersPromptlyAndTellsTheClient() {
        client.read("kernel");
        client.receive(TftpPacket.Data.class);
        long start = System.nanoTime();
        server.close();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        TftpPacket.Error error = client.receive(TftpPacket.Error.class);
        assertThat(error.message()).contains("shutting down");
        assertThat(server.stats().failed()).isEqualTo(1);
        assertThat(server.stats().active()).isZero();
    }
}
