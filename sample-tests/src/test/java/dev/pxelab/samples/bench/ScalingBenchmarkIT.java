package dev.pxelab.samples.bench;

import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.LabDefinition;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scaling benchmark (tools/bench/scaling.sh): 1, 2, 4, 8 machines in one lab with the tiny test OS,
 * each lab from start to every machine ready; prints the time, its ratio to one machine, the CPU
 * seconds the machines' QEMU processes used per machine (from the JVM's reaped children), and the
 * median per stage. If the CPU per machine stays flat while the time grows faster than CPU
 * sharing explains, the lab waits on something other than the CPU. Asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "pxelab.bench", matches = "true")
class ScalingBenchmarkIT {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    @Test
    void printReadyTimeAndCpuPerMachineForGrowingLabs() throws IOException {
        int[] sizes = Arrays.stream(System.getProperty("pxelab.bench.machines", "1,2,4,8").split(","))
                .map(String::strip).mapToInt(Integer::parseInt).toArray();
        List<String> rows = new ArrayList<>();
        double one = 0;
        for (int n : sizes) {
            LabDefinition.Builder lab = Lab.builder().name("ScalingBenchmarkIT").installTimeout(Duration.ofMinutes(15));
            for (int i = 1; i <= n; i++) {
                lab.target(TargetDefinition.builder(String.format("52:54:00:5e:01:%02x", i)).diskSize("1G").build());
            }
            long cpuBefore = reapedChildrenCpuTicks();
            Instant started = Instant.now();
            List<List<Double>> stages = new ArrayList<>();
            double allReady;
            try (Lab running = lab.start()) {
                if (Boolean.getBoolean("pxelab.bench.keep")) {
                    running.keepFiles();
                    System.out.println("lab of " + n + ": consoles kept in " + running.workDir());
                }
                running.awaitReady();
                allReady = seconds(started, Instant.now());
                for (Target target : running.targets()) {
                    stages.add(stages(target));
                }
                if (Boolean.getBoolean("pxelab.bench.keep")) {
                    Target last = running.targets().stream().max(java.util.Comparator.comparing(
                            t -> InstallMilestones.of(t.events()).sshReady().orElse(Double.MAX_VALUE))).orElseThrow();
                    InstallMilestones milestones = InstallMilestones.of(last.events());
                    System.out.println("events of the last machine ready, " + last.mac() + ":");
                    last.events().forEach(e -> System.out.printf("  %6.2f %s%n", milestones.secondsTo(e.time()), e));
                    InstalledBoot.kernelStarted(last).ifPresent(k -> System.out.printf("  %6.2f installed kernel started%n",
                            milestones.secondsTo(k)));
                }
            }
            double cpuPerMachine = (reapedChildrenCpuTicks() - cpuBefore) / (double) TICKS_PER_SECOND / n;
            if (n == 1) {
                one = allReady;
            }
            rows.add(String.format("%d machine%s: all ready %.1f s%s, QEMU CPU %.1f s per machine;"
                            + " medians from QEMU start: installed %.1f, disk kernel %.1f, first-boot DHCP %.1f, ssh %.1f",
                    n, n == 1 ? " " : "s", allReady, one > 0 && n > 1 ? String.format(" (%.1f× one)", allReady / one) : "",
                    cpuPerMachine, median(stages, 0), median(stages, 1), median(stages, 2), median(stages, 3)));
        }
        System.out.printf("pxelab scaling benchmark, tiny test OS, TCG, %d host CPUs:%n",
                Runtime.getRuntime().availableProcessors());
        rows.forEach(row -> System.out.println("  " + row));
    }

    /**
     * Seconds from QEMU's first start to: install finished, the installed kernel started (the
     * firmware and GRUB are before it), first-boot DHCP, SSH answering (the tiny system's ready).
     */
    private static List<Double> stages(Target target) {
        InstallMilestones m = InstallMilestones.of(target.events());
        return List.of(m.installed(), InstalledBoot.kernelStarted(target).map(m::secondsTo), m.firstBootDhcp(), m.sshReady())
                .stream().map(t -> t.orElse(Double.NaN)).toList();
    }

    private static double median(List<List<Double>> stages, int index) {
        double[] values = stages.stream().mapToDouble(s -> s.get(index)).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    /** cutime + cstime of this JVM: the CPU of every child it has waited for, QEMU's included. */
    private static long reapedChildrenCpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // fields 16 and 17 of proc(5)
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
