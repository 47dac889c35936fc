package dev.pxelab.runtime.http;

import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.event.ProvisioningEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** An HttpProvisioningServer on 127.0.0.1 and an ephemeral port, a FakeLab behind it, curl in front. */
final class RunningServer implements AutoCloseable {

    final FakeLab lab = new FakeLab();
    final List<ProvisioningEvent> events = new CopyOnWriteArrayList<>();
    final HttpProvisioningServer server;
    private final Path work;

    RunningServer(Path work, Path assetRoot) {
        this(HttpServerConfig.builder().port(0).assetRoot(assetRoot).build(), work);
    }

    static RunningServer with(HttpServerConfig config, Path work) {
        return new RunningServer(config, work);
    }

    private RunningServer(HttpServerConfig config, Path work) {
        this.work = work;
        this.server = HttpProvisioningServer.start(config, lab, events::add);
    }

    /** host:port, what ${server} renders to. */
    String server() {
        return "127.0.0.1:" + server.address().getPort();
    }

    String url(String path) {
        return "http://" + server() + path;
    }

    Curl.Response get(String path, String... curlArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(curlArgs));
        args.add(url(path));
        return Curl.run(work, args.toArray(String[]::new));
    }

    Curl.Response post(String path, String contentType, String body) throws IOException, InterruptedException {
        return Curl.run(work, "-H", "Content-Type: " + contentType, "--data-binary", body, url(path));
    }

    <T extends ProvisioningEvent> Stream<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast);
    }

    /** Asset downloads emit their HttpEvent when the exchange completes, a moment after curl has its answer. */
    <T extends ProvisioningEvent> List<T> awaitEvents(Class<T> type, int count) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> events(type).count() >= count);
        return events(type).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
