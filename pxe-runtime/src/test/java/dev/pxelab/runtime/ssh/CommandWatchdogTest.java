package dev.pxelab.runtime.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The watchdog every {@code ssh().run(..)} runs under on the target, tried here with the shells
 * the test OS flavours have: busybox's (tiny) and dash (Debian).
 */
class CommandWatchdogTest {

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void aCommandPastItsTimeoutIsKilledWithEveryProcessItStarted(String shell) throws Exception {
        String marker = "41.4" + (shell.equals("dash") ? "1" : "2");

        Result r = runUnder(shell, "echo started; sleep " + marker + " | cat; echo finished", 1);

        assertThat(r.status).isEqualTo(137);
        assertThat(r.stdout).isEqualTo("started\n");
        assertThat(running("sleep " + marker)).as("the pipeline's sleep was killed too").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void aCommandThatEndsInTimeKeepsItsStatusAndOutputAndLeavesNoWatchdog(String shell) throws Exception {
        Result r = runUnder(shell, "echo out; echo err >&2; exit 3", 37);

        assertThat(r.status).isEqualTo(3);
        assertThat(r.stdout).isEqualTo("out\n");
        assertThat(r.stderr).isEqualTo("err\n");
        assertThat(running("sleep 37")).as("the watchdog's sleep ended with the command").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void quotesInTheCommandSurvive(String shell) throws Exception {
        assertThat(runUnder(shell, "printf '%s\\n' \"it's\" 'a \"test\"'", 5).stdout).isEqualTo("it's\na \"test\"\n");
    }

    private record Result(int status, String stdout, String stderr) {
    }

    @TempDir
    static Path busyboxBin;

    @BeforeAll
    static void linkBusyboxApplets() throws IOException {
        // The inner "sh" (and setsid, sleep, cat) must be busybox's in the busybox case.
        for (String applet : new String[] {"sh", "setsid", "sleep", "cat"}) {
            Files.createSymbolicLink(busyboxBin.resolve(applet), Path.of("/bin/busybox"));
        }
    }

    private static Result runUnder(String shell, String command, long seconds) throws Exception {
        ProcessBuilder builder = shell.equals("busybox")
                ? new ProcessBuilder("busybox", "sh", "-c", SshHandle.underTimeout(command, seconds))
                : new ProcessBuilder(shell, "-c", SshHandle.underTimeout(command, seconds));
        if (shell.equals("busybox")) {
            builder.environment().put("PATH", busyboxBin + ":" + System.getenv("PATH"));
        }
        Process p = builder.start();
        if (!p.waitFor(seconds + 10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the watchdog did not end '" + command + "'");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).replace("Killed\n", ""));
    }

    private static boolean running(String commandLine) throws Exception {
        Thread.sleep(200);
        Process p = new ProcessBuilder("pgrep", "-f", "-x", commandLine).start();
        p.waitFor(5, TimeUnit.SECONDS);
        return p.exitValue() == 0;
    }
}
