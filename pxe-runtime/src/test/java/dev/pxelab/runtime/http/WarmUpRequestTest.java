package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.event.HttpEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh server sends itself a boot-script request and its smallest asset, so that a machine's
 * first boot does not pay for loading the request and file paths; no client asked for them, so
 * they are no events.
 */
class WarmUpRequestTest {

    @TempDir Path work;

    @Test
    void theServerAnswersItsOwnWarmUpRequestsAndRecordsNoEventForThem() throws Exception {
        Path assets = Files.createDirectories(work.resolve("assets/x86_64"));
        Files.write(assets.resolve("vmlinuz"), new byte[4096]);
        Files.write(assets.resolve("initrd"), new byte[512]);
        try (RunningServer running = new RunningServer(work, work.resolve("assets"))) {
            assertThat(running.server.warmUp().answered().get(10, TimeUnit.SECONDS))
                    .containsExactly("HTTP/1.1 404", "HTTP/1.1 200"); // a MAC no lab has; x86_64/initrd

            assertThat(running.events).isEmpty();
        }
    }

    @Test
    void aClientCannotHideItsRequestsBehindTheWarmUpHeader() throws Exception {
        try (RunningServer running = new RunningServer(work, null)) {
            running.server.warmUp().answered().get(10, TimeUnit.SECONDS);

            running.get(WarmUpRequest.PATH, "-H", "X-Pxelab-Warm-Up: a-guess");

            assertThat(running.awaitEvents(HttpEvent.class, 1)).singleElement()
                    .satisfies(event -> assertThat(event.path()).isEqualTo(WarmUpRequest.PATH));
        }
    }
}
