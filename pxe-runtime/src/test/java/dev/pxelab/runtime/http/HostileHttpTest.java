package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.event.AlertEvent;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.net.Ipv4Subnet;
import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client on the lab network can do to the HTTP server on purpose (issue 14), over
 * loopback in the test's own namespace: 127.0.0.1 is the host being installed, 127.0.0.2 another
 * machine of the lab, 127.0.0.9 a machine outside it.
 */
class HostileHttpTest {

    static final MacAddress VICTIM = MacAddress.of("52:54:00:00:00:31");
    static final String KEY = "the-victims-key";
    static final String SUCCESS = "{\"name\":\"subiquity/Install/install\",\"event_type\":\"finish\",\"result\":\"SUCCESS\"}";
    static final HttpLimits SMALL = new HttpLimits(64 * 1024, Duration.ofMillis(500), Duration.ofMillis(800),
            Duration.ofMillis(800), 3);

    @TempDir Path work;
    final List<ProvisioningEvent> events = new ArrayList<>();
    final Map<ProvisioningEvent, String> threads = new ConcurrentHashMap<>();
    final FakeLab lab = new FakeLab();
    final List<Socket> sockets = new ArrayList<>();
    HttpProvisioningServer server;

    void start(HttpServerConfig.Builder config) {
        lab.put(new HostBoot(VICTIM, "victim", "127.0.0.1", false, 1, Firmware.BIOS, null, null, KEY));
        server = HttpProvisioningServer.start(config.port(0).bindAddress(address("0.0.0.0")).build(), lab, event -> {
            synchronized (events) {
                events.add(event);
            }
            threads.put(event, Thread.currentThread().getName());
        });
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.address().getPort() + path;
    }

    Curl.Response post(String from, String path, String body) throws Exception {
        return Curl.run(work, "--interface", from, "-H", "Content-Type: application/json", "--data-binary", body, url(path));
    }

    <T> List<T> events(Class<T> type) {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static final int CLOSED = -1;

    /**
     * The status, or {@link #CLOSED} when the server closed the connection while curl was still
     * sending (curl exits 52, 55 or 56): what refusing a body mid-stream looks like to a client.
     */
    int statusOrClosed(String... args) throws Exception {
        try {
            return Curl.run(work, args).status();
        } catch (IllegalStateException e) {
            if (e.getMessage().matches("curl exited with 5[256]:.*")) {
                return CLOSED;
            }
            throw e;
        }
    }

    Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(address(from), 0));
        s.connect(new InetSocketAddress(address("127.0.0.1"), server.address().getPort()), 2000);
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    /** How long until the server closes {@code s} (reading whatever it answered), or null if it stays open for {@code within}. */
    static Duration closedWithin(Socket s, Duration within) throws IOException {
        long start = System.nanoTime();
        s.setSoTimeout((int) within.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // drain any answer
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            // reset: closed too
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** B7: anyone on the lab could mark any host INSTALLED (or FAILED) with one curl. */
    @Test
    void anInstallerEventFromAnotherMachineIsRefusedWithAnAlert() throws Exception {
        start(HttpServerConfig.builder());

        Curl.Response spoofed = post("127.0.0.2", "/52:54:00:00:00:31/events?key=" + KEY, SUCCESS);

        assertThat(spoofed.status()).isEqualTo(403);
        assertThat(spoofed.text()).contains("came from 127.0.0.2, not from the host's address 127.0.0.1");
        assertThat(events(InstallerEvent.class)).isEmpty();
        assertThat(events(AlertEvent.class)).singleElement().satisfies(alert -> {
            assertThat(alert.mac()).isEqualTo(VICTIM);
            assertThat(alert.kind()).isEqualTo(AlertEvent.Kind.REPORT_REFUSED);
        });
    }

    @Test
    void anInstallerEventWithoutTheHostsKeyIsRefusedEvenFromItsAddress() throws Exception {
        start(HttpServerConfig.builder());

        Curl.Response none = post("127.0.0.1", "/52:54:00:00:00:31/events", SUCCESS);
        Curl.Response wrong = post("127.0.0.1", "/52:54:00:00:00:31/events?key=guessed", SUCCESS);
        Curl.Response own = post("127.0.0.1", "/52:54:00:00:00:31/events?key=" + KEY, SUCCESS);

        assertThat(none.status()).isEqualTo(403);
        assertThat(none.text()).contains("no report key");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.text()).contains("report key is wrong");
        assertThat(own.status()).isEqualTo(200);
        assertThat(events(InstallerEvent.class)).singleElement().extracting(InstallerEvent::result).isEqualTo("SUCCESS");
        assertThat(events(AlertEvent.class)).hasSize(2);
    }

    @Test
    void aPhoneHomeFromAnotherMachineIsRefused() throws Exception {
        start(HttpServerConfig.builder());

        Curl.Response spoofed = Curl.run(work, "--interface", "127.0.0.2", "--data", "instance_id=x&hostname=victim",
                url("/52:54:00:00:00:31/phone-home"));

        assertThat(spoofed.status()).isEqualTo(403);
        assertThat(events(AlertEvent.class)).hasSize(1);
    }

    /** B7: newlines in a description forged log lines. */
    @Test
    void aNewlineInADescriptionCannotForgeALogLine() throws Exception {
        start(HttpServerConfig.builder());

        post("127.0.0.1", "/52:54:00:00:00:31/events?key=" + KEY, "{\"name\":\"x\",\"event_type\":\"start\","
                + "\"description\":\"ok\\n52:54:00:00:00:99 is INSTALLED\"}");

        assertThat(events(InstallerEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.summary()).doesNotContain("\n").contains("ok\\x0a52:54"));
    }

    /** B4: over 2 MiB with Content-Length was a bare 400; chunked, 64 MiB were read and parsed on an I/O thread. */
    @Test
    void aBodyOverTheLimitIs413AnnouncedOrChunked() throws Exception {
        start(HttpServerConfig.builder().limits(SMALL));
        Path big = work.resolve("big.json");
        Files.writeString(big, "{\"name\":\"x\",\"event_type\":\"start\",\"description\":\"" + "a".repeat(100_000) + "\"}");

        Curl.Response announced = Curl.run(work, "--interface", "127.0.0.1", "-H", "Content-Type: application/json",
                "--data-binary", "@" + big, url("/52:54:00:00:00:31/events?key=" + KEY));
        int chunked = statusOrClosed("--interface", "127.0.0.1", "-H", "Content-Type: application/json",
                "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + big, url("/52:54:00:00:00:31/events?key=" + KEY));

        assertThat(announced.status()).isEqualTo(413);
        assertThat(announced.text()).contains("larger than 65536 bytes");
        assertThat(chunked).as("413, or closed before curl could read it").isIn(413, CLOSED);
        assertThat(events(InstallerEvent.class)).isEmpty();
        assertThat(post("127.0.0.1", "/52:54:00:00:00:31/events?key=" + KEY, SUCCESS).status()).isEqualTo(200);
    }

    @Test
    void aBodyThatArrivesLateIsParsedOnAWorkerThreadNotAnIoThread() throws Exception {
        start(HttpServerConfig.builder());
        Socket s = connect("127.0.0.1");
        OutputStream out = s.getOutputStream();
        byte[] body = SUCCESS.getBytes(StandardCharsets.UTF_8);

        out.write(("POST /52:54:00:00:00:31/events?key=" + KEY + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(300);
        out.write(body);
        out.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> events(InstallerEvent.class).size() == 1);
        assertThat(threads.get(events(InstallerEvent.class).get(0))).doesNotContain("I/O");
    }

    /** Slow clients: trickled headers and stalled bodies were never closed in 130 s. */
    @Test
    void aClientThatStopsHalfwayThroughItsHeadersIsClosed() throws Exception {
        start(HttpServerConfig.builder().limits(SMALL));
        Socket s = connect("127.0.0.1");

        s.getOutputStream().write("GET /boot.ipxe HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(closedWithin(s, Duration.ofSeconds(5))).isNotNull();
    }

    @Test
    void aClientThatStallsItsBodyIsClosed() throws Exception {
        start(HttpServerConfig.builder().limits(SMALL));
        Socket s = connect("127.0.0.1");

        s.getOutputStream().write(("POST /52:54:00:00:00:31/events?key=" + KEY + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 1000\r\n\r\n{\"name\"").getBytes(StandardCharsets.US_ASCII));

        assertThat(closedWithin(s, Duration.ofSeconds(5))).isNotNull();
        assertThat(events(InstallerEvent.class)).isEmpty();
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        start(HttpServerConfig.builder().limits(SMALL));
        Socket s = connect("127.0.0.1");

        assertThat(closedWithin(s, Duration.ofSeconds(5))).isNotNull();
    }

    @Test
    void connectionsBeyondTheCapWaitUntilOneCloses() throws Exception {
        start(HttpServerConfig.builder().limits(new HttpLimits(1024, Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 2)));
        Socket first = connect("127.0.0.1");
        connect("127.0.0.1");
        Thread.sleep(200);
        Socket third = connect("127.0.0.1");
        third.getOutputStream().write("GET /boot.ipxe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(closedWithin(third, Duration.ofMillis(700))).as("not served while two connections are open").isNull();
        first.close();
        assertThat(closedWithin(third, Duration.ofSeconds(5))).as("served once one closed").isNotNull();
    }

    /** B1: 200 GETs with 500 KB paths kept 103 MB in events. */
    @Test
    void aHugePathIsRefusedAndNeverKept() throws Exception {
        start(HttpServerConfig.builder());
        Socket s = connect("127.0.0.1");

        try {
            s.getOutputStream().write(("GET /" + "a".repeat(500_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            closedWithin(s, Duration.ofSeconds(5));
        } catch (SocketException refusedMidRequest) {
            // the server may close at its header limit before the client has written the whole path
        }

        assertThat(events(HttpEvent.class)).allSatisfy(e -> assertThat(e.path().length()).isLessThan(2000));
        assertThat(Curl.run(work, url("/boot.ipxe")).status()).isEqualTo(200);
    }

    /** The server listens on the lab address, but the kernel delivers it packets from other interfaces too. */
    @Test
    void connectionsFromOutsideTheLabSubnetGetNoAnswer() throws Exception {
        start(HttpServerConfig.builder().clients(Ipv4Subnet.parse("127.0.0.0/30")));
        Socket outside = connect("127.0.0.9");
        outside.getOutputStream().write("GET /boot.ipxe HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(closedWithin(outside, Duration.ofSeconds(5))).isNotNull();
        assertThat(events(HttpEvent.class)).isEmpty();
        assertThat(Curl.run(work, "--interface", "127.0.0.2", url("/boot.ipxe")).status()).isEqualTo(200);
    }
}
