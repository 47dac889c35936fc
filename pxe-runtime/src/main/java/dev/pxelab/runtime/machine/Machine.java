package dev.pxelab.runtime.machine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One machine of a lab, as a backend runs it: QEMU today, a libvirt domain or a real machine
 * behind a BMC tomorrow. The lab only powers it, watches its console and asks whether it still
 * runs; everything about booting from the network is between the machine's firmware and the
 * provisioner.
 *
 * <p>Implementations are thread-safe: the lab's readiness checks poll {@link #isRunning()} while a
 * test may press a button. Closing is idempotent and leaves the machine off and detached from the
 * lab network.
 */
public interface Machine extends AutoCloseable {

    /** What this machine is: MAC, name, architecture, firmware, size. */
    MachineSpec spec();

    /** True while the machine is powered on (for QEMU: while its process runs). */
    boolean isRunning();

    /**
     * Presses the power button (ACPI); the guest decides whether and when to shut down. A system
     * without an ACPI daemon ignores it: follow with {@link #awaitOff} and {@link #forceOff()}.
     */
    void powerOff() throws IOException;

    /**
     * Turns the machine off at once, as holding the power button does: the guest is not asked, what
     * it has not written to its disk is lost. Unlike {@link #close()} the machine stays in the lab
     * and {@link #powerOn()} starts it again. Idempotent.
     */
    void forceOff();

    /**
     * Powers a machine that is off on again, with the same disk (and UEFI variables); it boots from
     * the network first, and its console log goes on where it ended.
     *
     * @throws IllegalStateException when the machine is on, or closed
     */
    void powerOn() throws IOException;

    /** Hard reset, as the reset button: the machine boots again, from the network first. */
    void reset() throws IOException;

    /** Waits until the machine is off (the guest powered off, or was forced off); true if it is within {@code timeout}. */
    boolean awaitOff(Duration timeout) throws InterruptedException;

    /** The serial console as a file that grows while the machine prints, over all its power cycles. */
    Path consoleLog();

    /**
     * Every file and folder this machine keeps in the lab's work folder (console, disk, firmware
     * variables, the backend's own log): what diagnostics attach, and what is removed after a
     * passing run.
     */
    List<Path> files();

    /** When the machine was (last) powered on: the zero of boot timings. */
    Instant startedAt();

    /**
     * How much slower than a hardware-accelerated machine this one boots and installs (1 for
     * KVM, about 10 for QEMU's TCG): the lab scales its default stage timeouts by it.
     */
    double slowness();

    /** Where to look when the machine stopped unexpectedly, e.g. {@code see target/.../qemu.log}. */
    String whereToLook();

    /**
     * What runs this machine, for a person reading a log or the demo's output, e.g.
     * {@code QEMU TCG (the CPU exposes no vmx/svm flag)}. Free text: each backend has its own words
     * for it (an accelerator, a libvirt host, a BMC address), none the lab acts on.
     */
    String describe();

    /**
     * Powers the machine off hard if it is on and releases what it holds (for QEMU: its tap on the
     * lab network); a closed machine cannot be powered on again. Idempotent.
     */
    @Override
    void close();
}
