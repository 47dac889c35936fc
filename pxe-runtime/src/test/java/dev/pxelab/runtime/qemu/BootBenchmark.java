package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.boot.Firmware;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsInstaller;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.Host;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import java.io.IOException;
import java.util.Comparator;

/**
 * Prints how long each boot stage takes, from QEMU's start, per firmware kind, for pxelab's own
 * provisioner with no tuning and for the tuned dnsmasq reference, both serving the same payload
 * (the test OS's installer kernel and initrd). The reference runs twice: under QEMU as a user
 * would start it, and with pxelab's target launcher answering iPXE's Ctrl-B prompt, which shows
 * how much of pxelab's lead is the launcher and how much the servers. Every stage is read the same way for both stacks:
 * when its text first appears on the serial console (polled every 10 ms). For pxelab the
 * provisioner's events add when it sent the ACK, the script and the whole kernel. The "serve
 * --interface" rows are a plain QEMU (no key press) against {@code pxelab serve --interface} on a
 * bridge it did not create ({@link StandaloneServe}), with the goal of issue 16 printed.
 *
 * <p>A benchmark, not a test: it runs only with {@code -Dpxelab.bench=true} (tools/bench/boot.sh)
 * and fails on nothing but a boot that never reaches the kernel.
 */
class BootBenchmark {

    private static final MacAddress MAC = MacAddress.of("52:54:00:00:00:31");
    private static final String KERNEL = "x86_64/vmlinuz";
    private static final String INITRD = "x86_64/installer.initrd";

    /** Console text that marks each stage, in boot order. */
    private static final Map<String, Pattern> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("dhcp-ok", Pattern.compile("Station IP address is|Configuring \\(net0[^\\n]*? ok"));
        // iPXE may print a progress figure between "..." and "ok"
        STAGES.put("script", Pattern.compile("boot\\.ipxe\\.\\.\\.[^\\n]*? ok"));
        STAGES.put("kernel-req", Pattern.compile("vmlinuz\\.\\.\\."));
        STAGES.put("kernel-got", Pattern.compile("vmlinuz\\.\\.\\.[^\\n]*? ok"));
        STAGES.put("initrd-got", Pattern.compile("installer\\.initrd\\.\\.\\.[^\\n]*? ok"));
        STAGES.put("Linux", Pattern.compile("Linux version \\d"));
    }

    /**
     * PXELAB: a lab's own provisioner on its bridge; DNSMASQ: the tuned reference; SERVE: {@code pxelab
     * serve --interface BRIDGE --ipv6-ra} in a JVM of its own on a bridge somebody else made (no
     * router advertisements of its own), as a user with a libvirt network or a spare NIC runs it.
     */
    private enum Stack { PXELAB, DNSMASQ, SERVE }

    /** Issue 16's goal for a plain QEMU (no key press) against serve on an existing interface. */
    private static final double SERVE_BIOS_GOAL_SECONDS = 4.0;

    /**
     * @param skipPrompt whether QEMU's launcher answers iPXE's Ctrl-B prompt ({@link IpxePromptSkipper});
     *                   the dnsmasq reference runs once as a plain QEMU would (waiting it out) and once with it
     */
    private record Variant(String name, Stack stack, MachineSpec spec, boolean skipPrompt) {
    }

    @Test
    void bootStages() throws Exception {
        assumeTrue(Boolean.getBoolean("pxelab.bench"), "benchmark: run with -Dpxelab.bench=true (tools/bench/boot.sh)");
        String only = System.getProperty("pxelab.bench.only", "");
        int rounds = Integer.getInteger("pxelab.bench.rounds", 1);
        MachineSpec bios = MachineSpec.builder(MAC).name("bios").build();
        MachineSpec uefiRom = MachineSpec.builder(MAC).name("uefi-rom").firmware(Firmware.UEFI).build();
        MachineSpec uefiPxe = MachineSpec.builder(MAC).name("uefi-pxe").firmware(Firmware.UEFI).nicRom(false).build();
        List<Variant> variants = List.of(
                new Variant("pxelab BIOS", Stack.PXELAB, bios, true),
                new Variant("dnsmasq BIOS", Stack.DNSMASQ, bios, false),
                new Variant("dnsmasq+key BIOS", Stack.DNSMASQ, bios, true),
                new Variant("serve --interface BIOS", Stack.SERVE, bios, false),
                new Variant("pxelab UEFI iPXE ROM", Stack.PXELAB, uefiRom, true),
                new Variant("dnsmasq UEFI iPXE ROM", Stack.DNSMASQ, uefiRom, false),
                new Variant("dnsmasq+key UEFI iPXE ROM", Stack.DNSMASQ, uefiRom, true),
                new Variant("serve --interface UEFI ROM", Stack.SERVE, uefiRom, false),
                new Variant("pxelab UEFI EDK2 PXE", Stack.PXELAB, uefiPxe, true),
                new Variant("dnsmasq UEFI EDK2 PXE", Stack.DNSMASQ, uefiPxe, false),
                new Variant("dnsmasq+key UEFI EDK2 PXE", Stack.DNSMASQ, uefiPxe, true));
        StringBuilder table = new StringBuilder(String.format("%-27s", "variant (s from QEMU)"));
        STAGES.keySet().forEach(k -> table.append(String.format("%11s", k)));
        table.append(String.format("   %s%n", "pxelab events: DISCOVER in / ACK out / script out / kernel out"));
        System.out.print(table);
        StringBuilder goals = new StringBuilder();
        Map<String, List<Double>> linuxSeconds = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Variant v : variants) {
                if (!only.isEmpty() && !v.name().toLowerCase().contains(only.toLowerCase())) {
                    continue;
                }
                String line = run(v, round);
                System.out.println(line);
                linuxSeconds.computeIfAbsent(v.name(), n -> new ArrayList<>()).add(linux(line));
                if (v.stack() == Stack.SERVE && v.spec() == bios) {
                    goals.append(goal(line));
                }
            }
        }
        System.out.print(goals);
        System.out.print(ratios(linuxSeconds));
    }

    /**
     * Issue 16's goal, every firmware at most 1.0x the best dnsmasq setup: per firmware, pxelab's mean
     * "Linux version" second over the rounds against dnsmasq's with the same launcher (the faster one).
     */
    private static String ratios(Map<String, List<Double>> linuxSeconds) {
        StringBuilder out = new StringBuilder();
        for (String firmware : List.of("BIOS", "UEFI iPXE ROM", "UEFI EDK2 PXE")) {
            double pxelab = mean(linuxSeconds.get("pxelab " + firmware));
            double dnsmasq = mean(linuxSeconds.get("dnsmasq+key " + firmware));
            if (!Double.isNaN(pxelab) && !Double.isNaN(dnsmasq)) {
                out.append(String.format("pxelab / dnsmasq+key, %s, mean \"Linux version\": %.2f / %.2f s = %.2fx (goal <= 1.00x: %s)%n",
                        firmware, pxelab, dnsmasq, pxelab / dnsmasq, pxelab <= dnsmasq ? "met" : "NOT met"));
            }
        }
        return out.toString();
    }

    private static double mean(List<Double> values) {
        return values == null ? Double.NaN
                : values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** The "Linux version" second of a printed row, NaN when the stage was not seen. */
    private static double linux(String row) {
        String cell = row.substring(27).trim().split("\\s+")[STAGES.size() - 1];
        return cell.equals("-") ? Double.NaN : Double.parseDouble(cell);
    }

    /** The goal line for a serve BIOS row: its "Linux version" second against the goal. */
    private static String goal(String row) {
        String[] cells = row.substring(27).trim().split("\\s+");
        String linux = cells[STAGES.size() - 1];
        boolean met = !linux.equals("-") && Double.parseDouble(linux) <= SERVE_BIOS_GOAL_SECONDS;
        return String.format("goal: plain QEMU (no key press) against serve --interface, BIOS \"Linux version\" <= %.1f s:"
                + " %s s, %s%n", SERVE_BIOS_GOAL_SECONDS, linux, met ? "met" : "NOT met");
    }

    private static String run(Variant v, int round) throws Exception {
        Path work = Path.of("target/pxelab/BootBenchmark", v.name().replaceAll("[^A-Za-z0-9]+", "-") + "-" + round)
                .toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        StringBuilder line = new StringBuilder(String.format("%-27s", v.name()));
        // The variant decides the prompt; -Dpxelab.accel still picks the accelerator of a benchmark run.
        QemuBackend qemu = new QemuBackend(QemuBackend.fromProperties(System::getProperty).accelerator(),
                v.skipPrompt() ? IpxePrompt.SKIP : IpxePrompt.WAIT);
        if (v.stack() == Stack.PXELAB) {
            try (NetbootLab lab = NetbootLab.x86(LabNetworkConfig.defaults(), Host.builder(MAC.value()).hostname("bench").build());
                 QemuMachine vm = qemu.start(v.spec(), lab.network, work)) {
                appendStages(line, ConsoleWatch.stages(vm, STAGES, Duration.ofSeconds(240)));
                DhcpEvent discover = lab.await(() -> lab.provisioner.events().stream()
                        .filter(e -> e instanceof DhcpEvent d && d.type() == DhcpEvent.Type.DISCOVER)
                        .map(DhcpEvent.class::cast).findFirst(), "DISCOVER");
                DhcpEvent ack = lab.await(() -> lab.ack(MAC), "ACK");
                HttpEvent script = lab.await(() -> lab.perMac(MAC, "boot.ipxe"), "script");
                HttpEvent kernel = lab.await(() -> lab.asset(MAC, "vmlinuz"), "kernel");
                line.append(String.format("   %.2f / %.2f / %.2f / %.2f", NetbootLab.secondsSince(vm, discover.time()),
                        NetbootLab.secondsSince(vm, ack.time()),
                        NetbootLab.secondsSince(vm, script.time()), NetbootLab.secondsSince(vm, kernel.time())));
            }
        } else if (v.stack() == Stack.SERVE) {
            // The bridge as other tooling leaves it: the address, no router advertisements.
            try (LabNetwork bridge = LabNetwork.create(LabNetworkConfig.builder().routerAdvertisements(false).build());
                 StandaloneServe serve = StandaloneServe.start(bridge, work, MAC, KERNEL, INITRD,
                         "console=ttyS0 pxelab.host=bench");
                 QemuMachine vm = qemu.start(v.spec(), bridge, work)) {
                appendStages(line, ConsoleWatch.stages(vm, STAGES, Duration.ofSeconds(240)));
            }
        } else {
            try (LabNetwork network = LabNetwork.create(LabNetworkConfig.defaults())) {
                Inet4Address address = network.subnet().host(31);
                try (DnsmasqReference dnsmasq = DnsmasqReference.start(network, MAC, address, work,
                        TestOsInstaller.of(TestOs.TINY).assetRoot().orElseThrow(), KERNEL, INITRD, "console=ttyS0 pxelab.host=bench", "snponly.efi");
                     QemuMachine vm = qemu.start(v.spec(), network, work)) {
                    appendStages(line, ConsoleWatch.stages(vm, STAGES, Duration.ofSeconds(240)));
                }
            }
        }
        return line.toString();
    }

    private static void appendStages(StringBuilder line, double[] seconds) {
        for (double t : seconds) {
            line.append(t < 0 ? String.format("%11s", "-") : String.format("%11.2f", t));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
