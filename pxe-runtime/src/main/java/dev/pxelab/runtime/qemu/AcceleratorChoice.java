package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.boot.Architecture;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Which accelerator a target gets, and why. KVM only when the guest's architecture is the
 * host's, the CPU flags say hardware virtualisation is there, /dev/kvm is usable and a quick
 * probe agrees: on some machines /dev/kvm exists but the CPU exposes no vmx/svm, and a KVM guest
 * spins without progress ({@code -cpu host} aborts with "failed to set MSR 0x10a").
 *
 * @param accelerator  the choice
 * @param reason       why, for the log
 * @param timeoutScale how much longer than under KVM boot and install waits should be
 */
public record AcceleratorChoice(Accelerator accelerator, String reason, double timeoutScale) {

    /** System property forcing the accelerator: {@code kvm} or {@code tcg}. */
    public static final String PROPERTY = "pxelab.accel";
    /** TCG is 5-20x slower than KVM; waits scale by this under TCG. */
    static final double TCG_TIMEOUT_SCALE = 10.0;

    private static final Pattern VIRTUALISATION_FLAG = Pattern.compile("^flags\\s*:.*\\b(vmx|svm)\\b", Pattern.MULTILINE);

    static AcceleratorChoice kvm(String reason) {
        return new AcceleratorChoice(Accelerator.KVM, reason, 1.0);
    }

    static AcceleratorChoice tcg(String reason) {
        return new AcceleratorChoice(Accelerator.TCG, reason, TCG_TIMEOUT_SCALE);
    }

    /**
     * Decides from plain facts, so the logic is testable without the machine it describes.
     *
     * @param forced      the value of {@link #PROPERTY}, or null
     * @param guest       the target's architecture
     * @param host        the host's architecture (null when unknown)
     * @param cpuinfo     the text of /proc/cpuinfo
     * @param kvmUsable   whether /dev/kvm can be opened read-write
     * @param probe       starts QEMU with KVM briefly; only asked when everything else says yes
     */
    static AcceleratorChoice decide(String forced, Architecture guest, Architecture host, String cpuinfo,
                                    boolean kvmUsable, BooleanSupplier probe) {
        if (forced != null && !forced.isBlank()) {
            return switch (forced.strip().toLowerCase(Locale.ROOT)) {
                case "tcg" -> tcg(PROPERTY + "=tcg");
                case "kvm" -> {
                    if (!kvmUsable) {
                        throw new IllegalStateException(PROPERTY + "=kvm, but /dev/kvm cannot be opened read-write:"
                                + " load the kvm module (kvm_intel or kvm_amd) and add this user to the 'kvm' group"
                                + " (then log in again), or drop -D" + PROPERTY + " to let pxelab use TCG");
                    }
                    yield kvm(PROPERTY + "=kvm");
                }
                default -> throw new IllegalArgumentException(PROPERTY + "='" + forced + "' is not an accelerator:"
                        + " expected kvm or tcg");
            };
        }
        if (guest != host) {
            return tcg("the guest is " + guest.unameMachine() + ", the host "
                    + (host == null ? "unknown" : host.unameMachine()));
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
