package dev.pxelab.runtime.qemu;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts child processes from one thread that lives as long as the JVM.
 *
 * <p>Why: children get {@code setpriv --pdeathsig KILL}, and Linux delivers the parent-death
 * signal when the <em>thread</em> that forked the child ends, not the process. Started from a test
 * or pool thread that later finishes, QEMU would be killed mid-test; started from here, it dies
 * exactly when the JVM does (including kill -9).
 */
final class ProcessLauncher {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pxelab-process-launcher");
        t.setDaemon(true);
        return t;
    });

    private ProcessLauncher() {
    }

    static Process start(ProcessBuilder builder) throws IOException {
        try {
            return THREAD.submit(builder::start).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + builder.command().get(0), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start " + builder.command(), e.getCause());
        }
    }
}
