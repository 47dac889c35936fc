package dev.pxelab.runtime.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gathers the host facts {@link AcceleratorChoice#decide} needs, once per architecture and JVM. */
final class AcceleratorDetector {

    private static final Logger LOG = LoggerFactory.getLogger(AcceleratorDetector.class);
    private static final Map<Architecture, AcceleratorChoice> CHOICES = new ConcurrentHashMap<>();

    private AcceleratorDetector() {
    }

    static AcceleratorChoice choose(Architecture guest, Path qemu) {
        String forced = System.getProperty(AcceleratorChoice.PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return decide(guest, qemu, forced); // not cached: a test may change the property
        }
        return CHOICES.computeIfAbsent(guest, g -> decide(g, qemu, null));
    }

    private static AcceleratorChoice decide(Architecture guest, Path qemu, String forced) {
        Path kvm = Path.of("/dev/kvm");
        AcceleratorChoice choice = AcceleratorChoice.decide(forced, guest,
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
     * Starts QEMU with KVM and the host CPU, paused, and quits it at once. Where KVM cannot run
     * guests (no vmx/svm behind /dev/kvm) QEMU aborts here with "failed to set MSR".
     */
    static boolean probe(Architecture guest, Path qemu) {
        List<String> command = List.of(qemu.toString(), "-accel", "kvm", "-cpu", "host",
                "-machine", guest == Architecture.X86_64 ? "q35" : "virt", "-nodefaults", "-display", "none",
                "-S", "-monitor", "stdio");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write("quit\n".getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            LOG.debug("KVM probe exit {}: {}", p.exitValue(), output.strip());
            return p.exitValue() == 0 && !output.contains("failed");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
