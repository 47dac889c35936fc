package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.boot.Architecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gathers the host facts {@link AcceleratorChoice#decide} needs, once per architecture and JVM. */
final class AcceleratorDetector {

    private static final Logger LOG = LoggerFactory.getLogger(AcceleratorDetector.class);
    /**
     * What {@link AcceleratorMode#AUTO} decided per guest architecture. Static on purpose: the
     * decision is a fact about this host (CPU flags, /dev/kvm, whether KVM really runs a guest),
     * the same for every lab of this JVM, and the probe costs up to 3 s a target. No setting
     * enters it: a forced mode never reads or fills it. Concurrent: labs start targets in parallel.
     */
    private static final Map<Architecture, AcceleratorChoice> AUTO_CHOICES = new ConcurrentHashMap<>();
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final String SEABIOS_DONE = "No bootable device";

    private AcceleratorDetector() {
    }

    static AcceleratorChoice choose(AcceleratorMode mode, Architecture guest, Path qemu) {
        if (mode != AcceleratorMode.AUTO) {
            return decide(mode, guest, qemu);
        }
        return AUTO_CHOICES.computeIfAbsent(guest, g -> decide(AcceleratorMode.AUTO, g, qemu));
    }

    private static AcceleratorChoice decide(AcceleratorMode mode, Architecture guest, Path qemu) {
        Path kvm = Path.of("/dev/kvm");
        AcceleratorChoice choice = AcceleratorChoice.decide(mode, guest,
                Architecture.ofHost(System.getProperty("os.arch")), cpuinfo(),
                Files.isReadable(kvm) && Files.isWritable(kvm), () -> probe(guest, qemu));
        LOG.info("{} targets run under {}: {}", guest.unameMachine(), choice.accelerator(), choice.reason());
        return choice;
    }

    private static String cpuinfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Runs firmware under KVM and watches it make progress. Starting QEMU is not enough: where
     * /dev/kvm exists without vmx/svm behind it, QEMU starts and the guest then spins (SeaBIOS
     * stops after its memory map) or {@code -cpu host} aborts with "failed to set MSR". On x86
     * SeaBIOS, with no boot device, prints "No bootable device" to its debug port within a
     * fraction of a second when KVM really runs it; elsewhere a paused start has to do.
     */
    static boolean probe(Architecture guest, Path qemu) {
        Path log = null;
        Process p = null;
        try {
            log = Files.createTempFile("pxelab-kvm-probe", ".log");
            List<String> command = guest == Architecture.X86_64
                    ? List.of(qemu.toString(), "-accel", "kvm", "-cpu", "host", "-machine", "q35", "-m", "64",
                            "-nodefaults", "-display", "none", "-boot", "menu=off",
                            "-debugcon", "file:" + log, "-global", "isa-debugcon.iobase=0x402")
                    : List.of(qemu.toString(), "-accel", "kvm", "-cpu", "host", "-machine", "virt",
                            "-nodefaults", "-display", "none", "-S", "-monitor", "none");
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (guest == Architecture.X86_64 && Files.readString(log, StandardCharsets.ISO_8859_1)
                        .contains(SEABIOS_DONE)) {
                    return true;
                }
                if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                    LOG.debug("KVM probe: QEMU exited with {}", p.exitValue());
                    return false;
                }
            }
            // A paused aarch64 guest that QEMU keeps up counts; a spinning x86 guest does not.
            return guest != Architecture.X86_64 && p.isAlive();
        } catch (IOException e) {
            LOG.debug("KVM probe failed: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file of a few bytes
                }
            }
        }
    }
}
