package dev.pxelab.runtime.qemu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Prints how long each boot stage takes, from QEMU's start, for each x86 firmware kind, with and
 * without router advertisements and dnsmasq's iPXE tuning. A benchmark, not a test: it runs only
 * with {@code -Dpxelab.bench=true} (tools/bench/boot.sh) and fails on nothing but a boot that
 * never reaches the kernel.
 */
class BootBenchmark {

    private static final MacAddress MAC = MacAddress.of("52:54:00:00:00:31");

    /** Console text that marks the start of each stage, in boot order. */
    private static final Map<String, Pattern> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("firmware", Pattern.compile("SeaBIOS|UEFI firmware|\\[=3h")); // OVMF: its first screen clear
        STAGES.put("edk2-pxe", Pattern.compile("Start PXE over IPv4"));
        STAGES.put("ipxe", Pattern.compile("iPXE initialising devices"));
        STAGES.put("grub", Pattern.compile(StandInPxeServer.GRUB_MARKER));
        STAGES.put("dhcp", Pattern.compile("Configuring \\(net0"));
        STAGES.put("script", Pattern.compile("boot\\.ipxe \\.\\.\\. ok|boot\\.ipxe\\.\\.\\. ok"));
        STAGES.put("kernel-load", Pattern.compile("amd64/linux\\.\\.\\."));
        STAGES.put("kernel-loaded", Pattern.compile("amd64/linux\\.\\.\\. ok"));
        STAGES.put("initrd-load", Pattern.compile("amd64/initrd\\.gz\\.\\.\\."));
        STAGES.put("kernel", Pattern.compile("Linux version \\d"));
    }

    private record Variant(String name, TargetSpec spec, boolean routerAdvertisements, boolean tuned, String script,
                           String efiBootFile) {
        Variant(String name, TargetSpec spec, boolean routerAdvertisements, boolean tuned, String script) {
            this(name, spec, routerAdvertisements, tuned, script, "ipxe.efi");
        }

        Variant(String name, TargetSpec spec, boolean routerAdvertisements, boolean tuned) {
            this(name, spec, routerAdvertisements, tuned, null);
        }
    }

    @Test
    void bootStages() throws Exception {
        assumeTrue(Boolean.getBoolean("pxelab.bench"), "benchmark: run with -Dpxelab.bench=true (tools/bench/boot.sh)");
        String only = System.getProperty("pxelab.bench.only", "");
        int rounds = Integer.getInteger("pxelab.bench.rounds", 1);
        TargetSpec bios = TargetSpec.builder(MAC).name("bios").build();
        TargetSpec uefiRom = TargetSpec.builder(MAC).name("uefi-rom").firmware(Firmware.UEFI).build();
        TargetSpec uefiPxe = TargetSpec.builder(MAC).name("uefi-pxe").firmware(Firmware.UEFI).nicRom(false).build();
        List<Variant> variants = List.of(
                new Variant("BIOS kernel only, RA, tuned", bios, true, true, StandInPxeServer.KERNEL_ONLY),
                new Variant("UEFI-ROM kernel only, RA, tuned", uefiRom, true, true, StandInPxeServer.KERNEL_ONLY),
                new Variant("UEFI-PXE kernel only, RA, tuned", uefiPxe, true, true, StandInPxeServer.KERNEL_ONLY),
                new Variant("UEFI-PXE snponly kernel only", uefiPxe, true, true, StandInPxeServer.KERNEL_ONLY,
                        "snponly.efi"),
                new Variant("BIOS, RA, tuned", bios, true, true),
                new Variant("BIOS, no RA, tuned", bios, false, true),
                new Variant("BIOS, RA, untuned", bios, true, false),
                new Variant("UEFI iPXE ROM, RA, tuned", uefiRom, true, true),
                new Variant("UEFI EDK2 PXE, RA, tuned", uefiPxe, true, true),
                new Variant("UEFI EDK2 PXE, no RA, tuned", uefiPxe, false, true),
                new Variant("aarch64 shim+GRUB kernel only", TargetSpec.builder(MAC).name("arm64")
                        .architecture(Architecture.AARCH64).build(), true, true));
        StringBuilder table = new StringBuilder(String.format("%-34s", "variant (s from QEMU start)"));
        STAGES.keySet().forEach(k -> table.append(String.format("%14s", k)));
        table.append('\n');
        for (int round = 1; round <= rounds; round++) {
            for (Variant v : variants) {
                if (!only.isEmpty() && !v.name().toLowerCase().contains(only.toLowerCase())) {
                    continue;
                }
                table.append(String.format("%-34s", v.name()));
                for (double t : run(v, round)) {
                    table.append(t < 0 ? String.format("%14s", "-") : String.format("%14.1f", t));
                }
                table.append('\n');
                System.out.print(table);
                table.setLength(0);
            }
        }
    }

    private static double[] run(Variant v, int round) throws Exception {
        Path work = Path.of("target/pxelab/BootBenchmark", v.name().replaceAll("[^A-Za-z0-9]+", "-") + "-" + round)
                .toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.builder().routerAdvertisements(v.routerAdvertisements()).build());
             StandInPxeServer server = StandInPxeServer.start(lab, MAC, work, v.tuned(), v.script(), v.efiBootFile());
             QemuTarget vm = QemuTarget.start(v.spec(), lab, work)) {
            return ConsoleWatch.stages(vm, STAGES, Duration.ofSeconds(240));
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
