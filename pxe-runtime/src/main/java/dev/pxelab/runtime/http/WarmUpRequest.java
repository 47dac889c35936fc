package dev.pxelab.runtime.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the server sends itself as soon as it listens, so that the first machine's boot script
 * and kernel are not the requests that load Undertow's and pxelab's request and file paths: in a
 * fresh JVM the first script took 0.1-0.2 s longer than later ones and the first kernel 0.3 s
 * (class loading), on a BIOS boot that takes 2 s to "Linux version". They ask for a MAC no lab
 * has (404, no side effect) and for the smallest asset the server has. They carry a token only
 * this server knows, by which {@link HttpEventHandler} leaves them out of the events: no client
 * asked for them.
 */
final class WarmUpRequest {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUpRequest.class);
    static final String PATH = "/00:00:00:00:00:00/boot.ipxe";
    private static final HttpString HEADER = new HttpString("X-Pxelab-Warm-Up");

    private final String token = UUID.randomUUID().toString();
    /** The status lines of the answers, or the failure; tests read them. */
    private final CompletableFuture<List<String>> answered = new CompletableFuture<>();

    CompletableFuture<List<String>> answered() {
        return answered;
    }

    boolean isOwn(HttpServerExchange exchange) {
        return token.equals(exchange.getRequestHeaders().getFirst(HEADER));
    }

    /** In the background: the lab does not wait for it, and a failure only costs the warm-up. */
    void sendTo(InetSocketAddress bound, Path assetRoot) {
        InetAddress address = bound.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound.getAddress();
        InetSocketAddress server = new InetSocketAddress(address, bound.getPort());
        Thread thread = new Thread(() -> {
            try {
                List<String> statusLines = new ArrayList<>();
                statusLines.add(get(server, PATH));
                smallestAsset(assetRoot).ifPresent(asset -> statusLines.add(get(server, AssetHandler.PREFIX + "/" + asset)));
                answered.complete(statusLines);
            } catch (UncheckedIOException e) {
                LOG.debug("HTTP warm-up request to {} failed: {}", server, e.getCause().toString());
                answered.completeExceptionally(e.getCause());
            }
        }, "http-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The status line of the answer. */
    private String get(InetSocketAddress server, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(server, 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getAddress().getHostAddress()
                    + "\r\n" + HEADER + ": " + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the whole answer, so the server runs its complete response path
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            in.transferTo(OutputStream.nullOutputStream());
            return statusLine;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Looked for near the top only: an asset root can be any folder of the user's. */
    private static Optional<String> smallestAsset(Path root) {
        if (root == null) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.limit(200).filter(Files::isRegularFile)
                    .min(Comparator.comparingLong(WarmUpRequest::size))
                    .map(file -> root.relativize(file).toString().replace('\\', '/'));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
