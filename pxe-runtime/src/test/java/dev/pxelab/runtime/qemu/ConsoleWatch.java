package dev.pxelab.runtime.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Waits for text on a target's serial console and says when (since QEMU started) it appeared. */
final class ConsoleWatch {

    private ConsoleWatch() {
    }

    static String text(Path console) throws IOException {
        return Files.exists(console) ? new String(Files.readAllBytes(console), StandardCharsets.ISO_8859_1) : "";
    }

    /**
     * Seconds from the target's start until {@code pattern} appeared on its console; fails with the
     * console's tail when it does not within {@code timeout} or QEMU exits.
     */
    static double await(QemuMachine target, Pattern pattern, Duration timeout) throws IOException {
        long startNanos = System.nanoTime() - Duration.between(target.startedAt(), Instant.now()).toNanos();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = text(target.consoleLog());
            if (pattern.matcher(text).find()) {
                return (System.nanoTime() - startNanos) / 1e9;
            }
            if (!target.isRunning()) {
                throw new AssertionError(target + " exited before its console showed " + pattern + ":\n" + tail(text));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(target + " console did not show " + pattern + " within " + timeout + ":\n"
                        + tail(text));
            }
            sleep(20);
        }
    }

    /**
     * Polls the console every 10 ms and notes when each marker first appears, until the last
     * marker appears. Returns seconds since QEMU's start per marker, -1 for one never seen.
     */
    static double[] stages(QemuMachine target, Map<String, Pattern> markers, Duration timeout)
            throws IOException {
        long startNanos = System.nanoTime() - Duration.between(target.startedAt(), Instant.now()).toNanos();
        List<Pattern> patterns = List.copyOf(markers.values());
        double[] seen = new double[patterns.size()];
        Arrays.fill(seen, -1);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen[seen.length - 1] < 0) {
            String text = text(target.consoleLog());
            double now = (System.nanoTime() - startNanos) / 1e9;
            for (int i = 0; i < seen.length; i++) {
                if (seen[i] < 0 && patterns.get(i).matcher(text).find()) {
                    seen[i] = now;
                }
            }
            if (!target.isRunning() || System.nanoTime() > deadline) {
                throw new AssertionError(target + " did not reach " + patterns.get(seen.length - 1) + ":\n" + tail(text));
            }
            sleep(10);
        }
        return seen;
    }

    static String tail(String text) {
        return text.length() <= 3000 ? text : "..." + text.substring(text.length() - 3000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
