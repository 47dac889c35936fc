package dev.pxelab.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QEMU must not outlive the JVM that started it, even when that JVM is killed with SIGKILL and
 * none of its cleanup runs: the parent-death signal ends it. The JVM here is a child of the test,
 * in a network namespace of its own, holding one target.
 */
class QemuDiesWithItsJvmIT {

    @Test
    void killingTheJvmWithSigkillEndsItsQemu(@TempDir Path work) throws Exception {
        Process jvm = new ProcessBuilder("unshare", "--net", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TargetHolderMain.class.getName(), work.toString())
                .redirectErrorStream(true).start();
        long qemu;
        try {
            qemu = awaitQemuPid(jvm);
            assertThat(commandLine(qemu)).as("the PID is the target's QEMU").contains("qemu-system-x86_64");

            Runtime.getRuntime().exec(new String[] {"kill", "-KILL", Long.toString(jvm.pid())}).waitFor();
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).as("the JVM died").isTrue();

            assertThat(awaitGone(qemu, Duration.ofSeconds(10))).as("QEMU %d ended with its JVM", qemu).isTrue();
        } finally {
            jvm.destroyForcibly();
        }
    }

    private static long awaitQemuPid(Process jvm) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("QEMU ")) {
                return Long.parseLong(line.substring(5).strip());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child JVM ended without starting its target:\n" + seen);
    }

    private static String commandLine(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
