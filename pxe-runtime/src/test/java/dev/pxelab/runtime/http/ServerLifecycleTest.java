package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.net.MacAddress;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting and stopping. Undertow's stop() waits for open connections unless told otherwise;
 * a lab must be able to close its server while a client still holds a connection.
 */
class ServerLifecycleTest {

    @TempDir Path work;

    private HttpProvisioningServer start(Path assets) {
        return HttpProvisioningServer.start(HttpServerConfig.builder().port(0).assetRoot(assets).build(),
                new FakeLab(), EventSink.NONE);
    }

    @Test
    void closeReturnsWhileAClientHoldsAnIdleKeepAliveConnection() throws Exception {
        HttpProvisioningServer server = start(null);
        try (Socket client = new Socket()) {
            client.connect(server.address());
            client.getOutputStream().write(("GET /boot.ipxe HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readSome(client.getInputStream())).startsWith("HTTP/1.1 200");

            long elapsed = closeWithin(server);

            System.out.printf("close() with an idle keep-alive connection took %d ms%n", elapsed);
        }
    }

    @Test
    void closeReturnsWhileAClientStallsADownload() throws Exception {
        Path assets = Files.createDirectories(work.resolve("assets"));
        Files.write(assets.resolve("big.iso"), new byte[32 * 1024 * 1024]);
        HttpProvisioningServer server = start(assets);
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(server.address());
            OutputStream out = client.getOutputStream();
            out.write("GET /assets/big.iso HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readSome(client.getInputStream())).startsWith("HTTP/1.1 200");
            // ...and read no further: the server's send blocks on a full socket buffer.

            long elapsed = closeWithin(server);

            System.out.printf("close() with a stalled download took %d ms%n", elapsed);
        }
    }

    @Test
    void closeReturnsWhileARequestIsStuckInTheProvisioner() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        BootContent stuck = new BootContent() {
            @Override
            public NoCloudData generic() {
                return NoCloudData.NONE;
            }

            @Override
            public Optional<HostBoot> host(MacAddress mac) {
                entered.countDown();
                try {
                    never.await(); // a provisioner that never answers, e.g. stuck on a lock
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }
        };
        HttpProvisioningServer server = HttpProvisioningServer.start(HttpServerConfig.builder().port(0).build(),
                stuck, EventSink.NONE);
        try (Socket client = new Socket()) {
            client.connect(server.address());
            client.getOutputStream().write("GET /52:54:00:00:00:01/boot.ipxe HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            // Undertow's stop() awaits its worker tasks without limit unless SHUTDOWN_TIMEOUT is set.
            long elapsed = closeWithin(server);

            System.out.printf("close() with a request stuck in BootContent took %d ms%n", elapsed);
        } finally {
            never.countDown();
        }
    }

    @Test
    void theSamePortCanBeBoundAgainAfterClose() throws Exception {
        HttpProvisioningServer first = start(null);
        int port = first.address().getPort();
        first.close();

        try (HttpProvisioningServer second = HttpProvisioningServer.start(
                HttpServerConfig.builder().port(port).build(), new FakeLab(), EventSink.NONE)) {
            assertThat(second.address().getPort()).isEqualTo(port);
        }
    }

    @Test
    void aBusyPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> HttpProvisioningServer.start(
                    HttpServerConfig.builder().port(taken.getLocalPort()).build(), new FakeLab(), EventSink.NONE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot start the HTTP server on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void anAssetRootThatIsNoDirectoryIsRejectedNamingIt() {
        Path missing = work.resolve("no-such-dir");

        assertThatThrownBy(() -> HttpServerConfig.builder().assetRoot(missing).build())
                .hasMessage("asset root " + missing + " is not a directory");
    }

    @Test
    void baseUriNamesTheBoundPort() {
        try (HttpProvisioningServer server = start(null)) {
            assertThat(server.baseUri().toString()).isEqualTo("http://127.0.0.1:" + server.address().getPort() + "/");
            assertThat(server.address()).isEqualTo(new InetSocketAddress("127.0.0.1", server.address().getPort()));
        }
    }

    /** Fails (rather than hangs the build) when close() does not return; reports how long it took. */
    private static long closeWithin(HttpProvisioningServer server) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long start = System.nanoTime();
            server.close();
            return (System.nanoTime() - start) / 1_000_000;
        }, "close() did not return");
    }

    private static String readSome(InputStream in) throws Exception {
        byte[] buffer = new byte[512];
        int n = in.read(buffer);
        return new String(buffer, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
    }
}
