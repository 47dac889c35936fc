package dev.pxelab.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Linux sends the parent-death signal when the forking <em>thread</em> ends: a child started with
 * {@code setpriv --pdeathsig KILL} from a short-lived thread dies with that thread, unless the
 * launcher's own long-lived thread started it.
 */
class ProcessLauncherTest {

    private static Process startFromShortLivedThread(boolean throughLauncher) throws Exception {
        AtomicReference<Process> started = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                ProcessBuilder b = new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "--", "sleep", "30");
                started.set(throughLauncher ? ProcessLauncher.start(b) : b.start());
                // Let setpriv set the signal before this thread ends (else the race hides the trap).
                Thread.sleep(500);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        return started.get();
    }

    @Test
    void childrenOutliveTheThreadThatAskedForThem() throws Exception {
        Process p = startFromShortLivedThread(true);
        try {
            assertThat(p.waitFor(500, TimeUnit.MILLISECONDS)).as("still running").isFalse();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void withoutTheLauncherTheyDieWithTheirThread() throws Exception {
        Process p = startFromShortLivedThread(false);
        try {
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("killed by the parent-death signal").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }
}
