package dev.pxelab.samples.bench;

import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Install benchmark (tools/bench/install.sh): one machine at a time, so the figures are not two
 * installs sharing the CPU, from QEMU's start to ready (cloud-init done where there is one), split
 * into the stages the installer reports. Prints figures; asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "pxelab.bench", matches = "true")
class InstallBenchmarkIT {

    record Config(String name, String userData, String disk) {
    }

    /** vCPUs per machine ({@code CPUS=} in tools/bench/install.sh). */
    static final int CPUS = Integer.getInteger("pxelab.bench.cpus", 1);

    static final List<Config> CONFIGS = List.of(
            new Config("tiny (pxelab's default user-data)", null, "1G"),
            new Config("seed plan sample (debian, chosen automatically)", "autoinstall/seed-plan-sample.yaml", "2G"),
            new Config("realistic server, 4 packages, lvm (debian)", "autoinstall/realistic-server.yaml", "8G"));

    @Test
    void printStartToReadyPerStage() {
        String only = System.getProperty("pxelab.bench.only", "");
        List<String> rows = new ArrayList<>();
        for (Config config : CONFIGS) {
            if (!only.isEmpty() && !config.name().contains(only)) {
                continue;
            }
            TargetDefinition.Builder target = TargetDefinition.builder("52:54:00:5e:00:11").diskSize(config.disk())
                    .memoryMib(768).cpus(CPUS);
            if (config.userData() != null) {
                target.userData(Document.resolve(config.userData(), getClass().getClassLoader()));
            }
            Instant started = Instant.now();
            try (Lab lab = Lab.builder().name("InstallBenchmarkIT").installTimeout(Duration.ofMinutes(10))
                    .target(target.build()).start()) {
                lab.awaitReady();
                Instant ready = Instant.now();
                rows.add(String.format("%s: %s (lab start %.1f)", config.name(), split(lab.target("52:54:00:5e:00:11"), ready),
                        Duration.between(started, ready).toMillis() / 1000.0));
                if (Boolean.getBoolean("pxelab.bench.guest")) {
                    printGuestBootAnalysis(config.name(), lab.target("52:54:00:5e:00:11"));
                }
            }
        }
        System.out.println("pxelab install benchmark, seconds from QEMU start (TCG, one machine at a time, "
                + CPUS + " vCPU):");
        rows.forEach(row -> System.out.println("  " + row));
    }

    /** Where the installed system's own boot went: systemd's and cloud-init's views, as root. */
    private static void printGuestBootAnalysis(String config, Target target) {
        System.out.println("guest boot analysis, " + config + ":");
        InstallMilestones milestones = InstallMilestones.of(target.events());
        target.events().forEach(e -> System.out.printf("  %.1f %s%n", milestones.secondsTo(e.time()), e));
        for (String command : List.of("systemd-analyze", "systemd-analyze critical-chain --no-pager",
                "systemd-analyze blame --no-pager | head -n 25", "cloud-init analyze blame 2>/dev/null | head -n 30",
                "cloud-init analyze show 2>/dev/null | grep -E 'Starting stage|Finished stage|Total Time'",
                // whether the one vCPU ever waited: if not, only less work makes the boot shorter
                "awk '/^cpu / {print \"since boot: busy \" ($2+$3+$4+$7+$8)/100 \" s, waiting for I/O \" $6/100 \" s, idle \" $5/100 \" s\"}' /proc/stat",
                // what shared the one vCPU with each stage
                "journalctl -b --no-pager -o short-precise 2>&1 | grep -E '(Starting|Started|Finished|Reached|cloud-init)' | head -n 400")) {
            if (!command.startsWith("cloud-init") || target.root().run("command -v cloud-init").succeeded()) {
                System.out.println("$ " + command);
                System.out.println(target.root().run(command).stdout());
            }
        }
    }

    private static String split(Target target, Instant ready) {
        InstallMilestones m = InstallMilestones.of(target.events());
        Map<String, Optional<Double>> stages = new LinkedHashMap<>();
        stages.put("firmware+kernel", m.installerStarted());
        for (String stage : List.of("partitioning", "extract", "bootloader", "configure", "system", "packages")) {
            stages.put(stage, m.stageFinished(stage));
        }
        stages.put("installed", m.installed());
        // The reboot splits where the installed kernel started: the firmware and GRUB before it.
        Optional<Double> kernelStarted = InstalledBoot.kernelStarted(target).map(m::secondsTo);
        stages.put("disk kernel", kernelStarted);
        stages.put("systemd", kernelStarted.flatMap(k -> InstalledBoot.kernelSeconds(target).map(s -> k + s)));
        stages.put("first boot DHCP", m.firstBootDhcp());
        stages.put("ssh", m.sshReady());
        stages.put("ready", Optional.of(m.secondsTo(ready)));
        StringBuilder line = new StringBuilder();
        stages.forEach((name, at) -> at.ifPresent(s -> line.append(name).append(' ')
                .append(String.format("%.1f", s)).append(", ")));
        return line.substring(0, line.length() - 2);
    }
}
