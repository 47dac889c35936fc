package dev.pxelab.samples.aarch64;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.samples.bench.InstallMilestones;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * aarch64 next to x86_64 UEFI (tools/bench/arch.sh): the same user-data, the same tiny test OS
 * (each of its own architecture), one machine at a time, from QEMU's start to ready, split into
 * the stages the lab sees. Prints a table of means over the rounds and every round; asserts
 * nothing about time.
 */
@EnabledIfSystemProperty(named = "pxelab.bench", matches = "true")
class ArchitectureBenchmarkIT {

    private static final String MAC = "52:54:00:5e:00:64";
    private static final List<String> STAGES = List.of("kernel sent", "installer started", "partitioning", "extract",
            "bootloader", "configure", "installed", "disk boot: DHCP", "ssh", "ready");

    record Machine(String name, Architecture arch) {
    }

    @Test
    void printStartToReadyPerStageForBothArchitectures() {
        int rounds = Integer.getInteger("pxelab.bench.rounds", 3);
        List<Machine> machines = List.of(new Machine("x86_64 UEFI", Architecture.X86_64),
                new Machine("aarch64 UEFI", Architecture.AARCH64));
        Map<Machine, List<Map<String, Double>>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            // alternate which goes first, so a drift of the shared machine's load weighs on both
            for (Machine machine : round % 2 == 0 ? machines : List.of(machines.get(1), machines.get(0))) {
                results.computeIfAbsent(machine, m -> new ArrayList<>()).add(oneInstall(machine));
            }
        }
        System.out.println("pxelab architecture benchmark: seconds from QEMU start, tiny test OS, UEFI, TCG,"
                + " one machine at a time, mean of " + rounds + " rounds");
        System.out.println("| stage | " + String.join(" | ", machines.stream().map(Machine::name).toList()) + " | ratio |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (String stage : STAGES) {
            double x86 = mean(results.get(machines.get(0)), stage);
            double arm = mean(results.get(machines.get(1)), stage);
            System.out.printf("| %s | %.1f | %.1f | %.2f |%n", stage, x86, arm, arm / x86);
        }
        results.forEach((machine, all) -> all.forEach(r -> System.out.println("  " + machine.name() + ": " + r)));
    }

    private Map<String, Double> oneInstall(Machine machine) {
        TargetDefinition target = TargetDefinition.builder(MAC).firmware(Firmware.UEFI).architecture(machine.arch())
                .userData(Document.resolve("autoinstall/arm-host.yaml", getClass().getClassLoader())).build();
        try (Lab lab = Lab.builder().name("ArchitectureBenchmarkIT").target(target).start()) {
            lab.awaitReady();
            return split(lab.target(MAC).events(), Instant.now());
        }
    }

    private static Map<String, Double> split(List<ProvisioningEvent> events, Instant ready) {
        InstallMilestones m = InstallMilestones.of(events);
        Map<String, Optional<Double>> at = new LinkedHashMap<>();
        at.put("kernel sent", m.firstEvent(e -> e instanceof HttpEvent h && h.path().endsWith("/vmlinuz")));
        at.put("installer started", m.installerStarted());
        for (String stage : List.of("partitioning", "extract", "bootloader", "configure")) {
            at.put(stage, m.stageFinished(stage));
        }
        at.put("installed", m.installed());
        at.put("disk boot: DHCP", m.firstBootDhcp());
        at.put("ssh", m.sshReady());
        at.put("ready", Optional.of(m.secondsTo(ready)));
        Map<String, Double> seconds = new LinkedHashMap<>();
        at.forEach((stage, s) -> s.ifPresent(value -> seconds.put(stage, value)));
        return seconds;
    }

    private static double mean(List<Map<String, Double>> rounds, String stage) {
        return rounds.stream().filter(r -> r.containsKey(stage)).mapToDouble(r -> r.get(stage)).average().orElse(Double.NaN);
    }
}
