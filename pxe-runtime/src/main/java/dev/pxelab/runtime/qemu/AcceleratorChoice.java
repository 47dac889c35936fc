package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.boot.Architecture;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Which accelerator a target gets, and why. KVM only when the guest's architecture is the
 * host's, the CPU flags say hardware virtualisation is there, /dev/kvm is usable and a quick
 * probe agrees: on some machines /dev/kvm exists but the CPU exposes no vmx/svm, and a KVM guest
 * spins without progress ({@code -cpu host} aborts with "failed to set MSR 0x10a").
 *
 * @param accelerator the choice
 * @param reason      why, for the log and {@link QemuMachine#describe()}
 * @param slowness    how much slower than under KVM a target boots and installs; the lab's waits
 *                    scale by it (see {@link dev.pxelab.runtime.machine.Machine#slowness()})
 */
public record AcceleratorChoice(Accelerator accelerator, String reason, double slowness) {

    /** TCG is 5-20x slower than KVM; waits scale by this under TCG. */
    static final double TCG_SLOWNESS = 10.0;
    /**
     * A guest of another architecture than the host's (aarch64 on an x86_64 host) translates every
     * instruction across instruction sets: its install took 2-4x as long as an x86_64 one under TCG
     * on the same host (docs/boot-times.md), so its waits scale three times further.
     */
    static final double TCG_FOREIGN_SLOWNESS = 30.0;

    private static final Pattern VIRTUALISATION_FLAG = Pattern.compile("^flags\\s*:.*\\b(vmx|svm)\\b", Pattern.MULTILINE);

    static AcceleratorChoice kvm(String reason) {
        return new AcceleratorChoice(Accelerator.KVM, reason, 1.0);
    }

    static AcceleratorChoice tcg(String reason) {
        return new AcceleratorChoice(Accelerator.TCG, reason, TCG_SLOWNESS);
    }

    private static AcceleratorChoice tcg(String reason, Architecture guest, Architecture host) {
        return new AcceleratorChoice(Accelerator.TCG, reason,
                host != null && guest != host ? TCG_FOREIGN_SLOWNESS : TCG_SLOWNESS);
    }

    /**
     * Decides from plain facts, so the logic is testable without the machine it describes.
     *
     * @param mode        what the backend's settings ask for
     * @param guest       the target's architecture
     * @param host        the host's architecture (null when unknown)
     * @param cpuinfo     the text of /proc/cpuinfo
     * @param kvmUsable   whether /dev/kvm can be opened read-write
     * @param probe       starts QEMU with KVM briefly; only asked when everything else says yes
     */
    static AcceleratorChoice decide(AcceleratorMode mode, Architecture guest, Architecture host, String cpuinfo,
                                    boolean kvmUsable, BooleanSupplier probe) {
        switch (mode) {
            case TCG:
                return tcg("accelerator set to TCG", guest, host);
            case KVM:
                if (!kvmUsable) {
                    // The setting comes from a builder or from the property: name both, the reader knows which.
                    throw new IllegalStateException("accelerator set to KVM (AcceleratorMode.KVM, or -D"
                            + QemuBackend.ACCELERATOR_PROPERTY + "=kvm), but /dev/kvm cannot be opened read-write:"
                            + " load the kvm module (kvm_intel or kvm_amd) and add this user to the 'kvm' group"
                            + " (then log in again), or leave the choice to pxelab (AcceleratorMode.AUTO, no -D"
                            + QemuBackend.ACCELERATOR_PROPERTY + ") to run under TCG");
                }
                return kvm("accelerator set to KVM");
            case AUTO:
            default:
                break;
        }
        if (guest != host) {
            return tcg("the guest is " + guest.unameMachine() + ", the host "
                    + (host == null ? "unknown" : host.unameMachine()), guest, host);
        }
        if (guest == Architecture.X86_64 && !VIRTUALISATION_FLAG.matcher(cpuinfo).find()) {
            return tcg("the CPU exposes no vmx/svm flag");
        }
        if (!kvmUsable) {
            return tcg("/dev/kvm cannot be opened read-write");
        }
        if (!probe.getAsBoolean()) {
            return tcg("a KVM probe (QEMU with -cpu host) failed");
        }
        return kvm("CPU flags, /dev/kvm and a probe agree");
    }
}
