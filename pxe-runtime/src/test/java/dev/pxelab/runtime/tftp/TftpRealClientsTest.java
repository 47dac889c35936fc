package dev.pxelab.runtime.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.event.TftpEvent;
import dev.pxelab.runtime.testing.PeerNamespace;
import dev.pxelab.runtime.testing.PeerNamespace.ProcessResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pxelab's TFTP server against clients nobody here wrote: atftp, curl, busybox and tftp-hpa,
 * run as processes in the test JVM's namespace (loopback) or in a peer namespace over a veth.
 * Every download is compared by SHA-256 with the file served.
 */
class TftpRealClientsTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
    /** One block past 65535 blocks of 512 bytes (and a partial one), so block numbers wrap to 0. */
    private static final int ROLLOVER_SIZE = 65536 * 512 + 1000;

    @TempDir
    static Path root;
    @TempDir
    Path out;

    private static TftpServer server;
    private static final List<TftpEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static String port;

    @BeforeAll
    static void serve() throws Exception {
        writeRandom(root.resolve("initrd.img"), 3_000_000 + 17, 1);
        writeRandom(root.resolve("rollover.bin"), ROLLOVER_SIZE, 2);
        Files.writeString(root.resolve("boot.cfg"), NETASCII_TEXT, StandardCharsets.US_ASCII);
        Files.createDirectories(root.resolve("efi/boot"));
        writeRandom(root.resolve("efi/boot/bootx64.efi"), 1468 * 64, 3);
        server = TftpServer.start(TftpServerConfig.builder()
                .address(InetAddress.getLoopbackAddress()).port(0).root(root).build(), e -> EVENTS.add((TftpEvent) e));
        port = Integer.toString(server.address().getPort());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clearEvents() {
        EVENTS.clear();
    }

    static void writeRandom(Path file, int size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream os = Files.newOutputStream(file)) {
            for (int left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                os.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static ProcessResult run(String... command) throws Exception {
        return ProcessResult.run(CLIENT_TIMEOUT, List.of(command)).assertSucceeded();
    }

    private void assertSameFile(String name, Path downloaded) throws Exception {
        assertThat(sha256(downloaded)).as("SHA-256 of %s as downloaded", name).isEqualTo(sha256(root.resolve(name)));
    }

    private TftpEvent completed() {
        await().atMost(Duration.ofSeconds(5)).until(() -> EVENTS.stream().anyMatch(e -> e.type() == TftpEvent.Type.COMPLETED));
        return EVENTS.stream().filter(e -> e.type() == TftpEvent.Type.STARTED).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void atftpWithWindowAndBlockSize() throws Exception {
        Path got = out.resolve("initrd");
        run("atftp", "--option", "windowsize 8", "--option", "blksize 1468", "--option", "tsize 0",
                "-g", "-r", "/initrd.img", "-l", got.toString(), "127.0.0.1", port);
        assertSameFile("initrd.img", got);
        assertThat(completed().detail()).contains("blksize=1468", "windowsize=8", "tsize=3000017");
    }

    @Test
    void atftpPlainInASubfolder() throws Exception {
        Path got = out.resolve("boot.efi");
        run("atftp", "-g", "-r", "efi/boot/bootx64.efi", "-l", got.toString(), "127.0.0.1", port);
        assertSameFile("efi/boot/bootx64.efi", got);
    }

    @Test
    void curlWithBlockSize() throws Exception {
        Path got = out.resolve("initrd");
        run("curl", "-sS", "--tftp-blksize", "1468", "-o", got.toString(), "tftp://127.0.0.1:" + port + "/initrd.img");
        assertSameFile("initrd.img", got);
        assertThat(completed().detail()).contains("blksize=1468");
    }

    @Test
    void busyboxWithBlockSize() throws Exception {
        Path got = out.resolve("initrd");
        run("busybox", "tftp", "-b", "1468", "-g", "-r", "initrd.img", "-l", got.toString(), "127.0.0.1", port);
        assertSameFile("initrd.img", got);
        assertThat(completed().detail()).contains("blksize=1468");
    }

    @Test
    void tftpHpa() throws Exception {
        Path got = out.resolve("initrd");
        run("tftp", "-m", "binary", "127.0.0.1", port, "-c", "get", "initrd.img", got.toString());
        assertSameFile("initrd.img", got);
    }

    /** Line ends of both kinds and a bare CR: netascii sends CR LF, CR CR LF and CR NUL for them. */
    static final String NETASCII_TEXT = "default linux\nlabel linux\r\n  kernel vmlinuz\rappend quiet\n";

    @Test
    void tftpHpaInNetasciiModeGetsTheTextBackAsWritten() throws Exception {
        Path got = out.resolve("boot.cfg");
        run("tftp", "-m", "ascii", "127.0.0.1", port, "-c", "get", "boot.cfg", got.toString());

        assertSameFile("boot.cfg", got);
        // The server reports the transfer when the last ACK arrives, a moment after the client is done.
        TftpEvent done = await().atMost(Duration.ofSeconds(5)).until(() -> EVENTS.stream()
                .filter(e -> e.type() == TftpEvent.Type.COMPLETED && e.file().equals("boot.cfg")).findFirst(),
                Optional::isPresent).orElseThrow();
        // 3 LFs become CR LF, 2 CRs become CR NUL: the wire carries 5 bytes more than the file.
        assertThat(done.bytes()).isEqualTo(NETASCII_TEXT.length() + 5);
    }

    @Test
    void blockNumberRolloverWithAtftp() throws Exception {
        Path got = out.resolve("rollover");
        run("atftp", "-g", "-r", "rollover.bin", "-l", got.toString(), "127.0.0.1", port);
        assertSameFile("rollover.bin", got);
    }

    @Test
    void blockNumberRolloverWithCurl() throws Exception {
        Path got = out.resolve("rollover");
        run("curl", "-sS", "-o", got.toString(), "tftp://127.0.0.1:" + port + "/rollover.bin");
        assertSameFile("rollover.bin", got);
    }

    @Test
    void blockNumberRolloverWithBusybox() throws Exception {
        Path got = out.resolve("rollover");
        run("busybox", "tftp", "-g", "-r", "rollover.bin", "-l", got.toString(), "127.0.0.1", port);
        assertSameFile("rollover.bin", got);
    }

    @Test
    void refusalsReachRealClients() throws Exception {
        ProcessResult outside = ProcessResult.run(CLIENT_TIMEOUT,
                List.of("atftp", "-g", "-r", "../etc/passwd", "-l", out.resolve("x").toString(), "127.0.0.1", port));
        assertThat(outside.exitCode()).isNotZero();
        assertThat(outside.output()).contains("'..' in file name");

        ProcessResult missing = ProcessResult.run(CLIENT_TIMEOUT,
                List.of("curl", "-sS", "-o", out.resolve("y").toString(), "tftp://127.0.0.1:" + port + "/nothing.efi"));
        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(68); // curl: TFTP file not found

        Path upload = Files.writeString(out.resolve("up.txt"), "data");
        ProcessResult write = ProcessResult.run(CLIENT_TIMEOUT,
                List.of("atftp", "-p", "-r", "up.txt", "-l", upload.toString(), "127.0.0.1", port));
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.output()).contains("read-only");
        assertThat(root.resolve("up.txt")).doesNotExist();
    }

    @Test
    void severalClientsAtOnceAllGetTheirFileIntact() throws Exception {
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String got = out.resolve("initrd-" + i).toString();
            List<String> command = switch (i % 3) {
                case 0 -> List.of("atftp", "--option", "blksize 1468", "--option", "windowsize 4",
                        "-g", "-r", "initrd.img", "-l", got, "127.0.0.1", port);
                case 1 -> List.of("curl", "-sS", "--tftp-blksize", "1468", "-o", got, "tftp://127.0.0.1:" + port + "/initrd.img");
                default -> List.of("busybox", "tftp", "-b", "1468", "-g", "-r", "initrd.img", "-l", got, "127.0.0.1", port);
            };
            clients.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.resolve("client-" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < clients.size(); i++) {
            assertThat(clients.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(clients.get(i).exitValue()).as(Files.readString(out.resolve("client-" + i + ".log"))).isZero();
            assertSameFile("initrd.img", out.resolve("initrd-" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().active() == 0);
        assertThat(EVENTS.stream().filter(e -> e.type() == TftpEvent.Type.COMPLETED)).hasSize(9);
    }

    @Test
    void blockSizeIsClampedToTheMtuOfTheLabInterface() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24")) {
            ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "link", "set", peer.hostSide(), "mtu", "1000")).assertSucceeded();
            peer.run(Duration.ofSeconds(5), "ip", "link", "set", peer.peerSide(), "mtu", "1000").assertSucceeded();
            peer.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.105.50/24", "dev", peer.peerSide()).assertSucceeded();
            try (TftpServer lab = TftpServer.start(TftpServerConfig.builder()
                    .address(InetAddress.getByName("192.168.105.1")).port(69).root(root).build(),
                    e -> EVENTS.add((TftpEvent) e))) {
                Path got = out.resolve("initrd");
                peer.run(CLIENT_TIMEOUT, "atftp", "--option", "blksize 1468", "--option", "windowsize 4",
                        "-g", "-r", "initrd.img", "-l", got.toString(), "192.168.105.1", "69").assertSucceeded();
                assertSameFile("initrd.img", got);
                // 1000 - 20 (IPv4) - 8 (UDP) - 4 (TFTP)
                assertThat(completed().detail()).contains("blksize=968", "windowsize=4");
                assertThat(completed().client().getAddress().getHostAddress()).isEqualTo("192.168.105.50");
            }
        }
    }
}
