package dev.pxelab.runtime.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** {@code pxelab serve} running on a thread of this JVM, with what it printed. */
final class ServeRun implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final Thread thread;

    private ServeRun(String[] args) {
        thread = new Thread(() -> status.complete(Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))), "serve");
        thread.start();
    }

    static ServeRun start(Path labFile, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "serve";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = labFile.toString();
        return new ServeRun(args);
    }

    void awaitServing() {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .failFast("serve stopped: " + err(), status::isDone)
                .until(() -> out().contains("pxelab: serving"));
    }

    int exitStatus() throws Exception {
        return status.get(30, TimeUnit.SECONDS);
    }

    int stop() throws Exception {
        thread.interrupt();
        return exitStatus();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (!status.isDone()) {
            stop();
        }
    }
}
