package dev.pxelab.runtime.packages;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one host command to its end and hands back its exit status and output. Output is drained on
 * a thread of its own while we wait, so a chatty apt cannot fill the pipe and stall; a command that
 * outlives its timeout is destroyed with its children, so nothing is left running.
 */
final class HostCommand {

    /** What a finished command said: stdout and stderr interleaved, as apt's messages only make sense in order. */
    record Result(List<String> command, int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private HostCommand() {
    }

    static Result run(List<String> command, Duration timeout, Path workingDirectory) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        // apt's messages are parsed: they must be in English whatever the user's locale.
        Map<String, String> env = builder.environment();
        env.put("LC_ALL", "C");
        env.put("LANGUAGE", "C");
        env.put("DEBIAN_FRONTEND", "noninteractive");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> copy(process.getInputStream(), output), "pxelab-drain-" + command.get(0));
        drain.setDaemon(true);
        drain.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy(process);
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within "
                        + timeout.toSeconds() + " s and was stopped. Its output so far:\n" + text(output));
            }
            drain.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            destroy(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
        return new Result(List.copyOf(command), process.exitValue(), text(output));
    }

    private static void destroy(Process process) {
        // apt forks its download methods (http, store): they must go with it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process was destroyed under us; what was read so far is all there is
        }
    }

    private static String text(ByteArrayOutputStream output) {
        return output.toString(StandardCharsets.UTF_8); // synchronized: the drain thread may still write
    }
}
