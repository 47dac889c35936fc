package dev.pxelab.runtime.qemu;

import java.util.Optional;

import dev.pxelab.runtime.machine.MachineBackend;
import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.net.LabNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Runs lab machines as QEMU processes on this host, each on a tap of the lab network. Its settings
 * are all here: two labs of one JVM may use two differently set backends.
 *
 * <pre>{@code
 * MachineBackend qemu = QemuBackend.builder().accelerator(AcceleratorMode.TCG).build();
 * try (Machine vm = qemu.start(MachineSpec.builder(mac).build(), network, workDir)) {
 *     ...
 * }
 * }</pre>
 *
 * @param accelerator KVM, TCG, or let the host decide ({@link AcceleratorMode#AUTO}, the default)
 * @param ipxePrompt  whether iPXE's Ctrl-B prompt is answered at once ({@link IpxePrompt#SKIP}, the default)
 */
public record QemuBackend(AcceleratorMode accelerator, IpxePrompt ipxePrompt) implements MachineBackend {

    /** Sets {@link #accelerator()} for {@link #fromProperties}: {@code auto}, {@code kvm} or {@code tcg}. */
    public static final String ACCELERATOR_PROPERTY = "pxelab.accel";
    /** Sets {@link #ipxePrompt()} for {@link #fromProperties}: {@code skip} or {@code wait}. */
    public static final String IPXE_PROMPT_PROPERTY = "pxelab.ipxe.prompt";

    public QemuBackend {
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(ipxePrompt, "ipxePrompt");
    }

    /** Accelerator chosen by the host, iPXE's prompt skipped. */
    public static QemuBackend defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults, changed by the properties {@value #ACCELERATOR_PROPERTY} and
     * {@value #IPXE_PROMPT_PROPERTY} where {@code properties} sets them (system properties or JUnit
     * configuration parameters), so that {@code -Dpxelab.accel=tcg} on a test run's command line
     * keeps working. Called only at the edge, by {@link dev.pxelab.runtime.lab.LabProperties}.
     *
     * @throws IllegalArgumentException for a value the property does not know
     */
    public static QemuBackend fromProperties(UnaryOperator<String> properties) {
        Builder builder = builder();
        String accel = properties.apply(ACCELERATOR_PROPERTY);
        if (accel != null && !accel.isBlank()) {
            builder.accelerator(switch (accel.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> AcceleratorMode.AUTO;
                case "kvm" -> AcceleratorMode.KVM;
                case "tcg" -> AcceleratorMode.TCG;
                default -> throw new IllegalArgumentException(ACCELERATOR_PROPERTY + "='" + accel
                        + "' is not an accelerator: expected kvm, tcg or auto (the default)");
            });
        }
        String prompt = properties.apply(IPXE_PROMPT_PROPERTY);
        if (prompt != null && !prompt.isBlank()) {
            builder.ipxePrompt(switch (prompt.strip().toLowerCase(Locale.ROOT)) {
                case "skip" -> IpxePrompt.SKIP;
                case "wait" -> IpxePrompt.WAIT;
                default -> throw new IllegalArgumentException(IPXE_PROMPT_PROPERTY + "='" + prompt
                        + "' is not a way to treat iPXE's prompt: expected skip (the default) or wait");
            });
        }
        return builder.build();
    }

    /**
     * Adds a tap for the machine's MAC to {@code network} and starts QEMU on it, network boot first.
     * Returns the QEMU machine itself, for callers that want QEMU's PID or run state.
     */
    @Override
    public QemuMachine start(MachineSpec spec, LabNetwork network, Path workDir) throws IOException {
        return QemuMachine.start(spec, network, workDir, this);
    }

    /** The console log next to the machine's folder (disk, UEFI variables, qemu.log, QMP socket). */
    @Override
    public List<Path> files(MachineSpec spec, Path workDir) {
        return List.of(QemuMachine.consoleLog(spec, workDir), QemuMachine.folder(spec, workDir));
    }

    /**
     * Fails, naming the Debian package, when QEMU, qemu-img or the firmware {@code spec} needs is
     * missing, and when {@link AcceleratorMode#KVM} is set but /dev/kvm is unusable. Under
     * {@link AcceleratorMode#AUTO} it runs the host's KVM probe now (up to 3 s, once per JVM and
     * architecture) rather than at the machine's start.
     */
    @Override
    public void check(MachineSpec spec) {
        QemuInstallation installation = QemuInstallation.host();
        FirmwareFiles firmware = installation.locate(spec);
        installation.qemuImg();
        AcceleratorDetector.choose(accelerator, spec.architecture(), firmware.qemu());
    }

    /** The NIC sits in PCI slot 1 of bus 0 (QemuCommandLine), on x86_64 and aarch64 alike. */
    public static final String NIC_NAME = "enp0s1";

    @Override
    public Optional<String> nicName(MachineSpec spec) {
        return Optional.of(NIC_NAME);
    }

    /** The one disk is virtio-blk (QemuCommandLine). */
    public static final String DISK_PATH = "/dev/vda";

    @Override
    public Optional<String> diskPath(MachineSpec spec) {
        return Optional.of(DISK_PATH);
    }

    public static final class Builder {
        private AcceleratorMode accelerator = AcceleratorMode.AUTO;
        private IpxePrompt ipxePrompt = IpxePrompt.SKIP;

        private Builder() {
        }

        public Builder accelerator(AcceleratorMode accelerator) {
            this.accelerator = accelerator;
            return this;
        }

        public Builder ipxePrompt(IpxePrompt ipxePrompt) {
            this.ipxePrompt = ipxePrompt;
            return this;
        }

        public QemuBackend build() {
            return new QemuBackend(accelerator, ipxePrompt);
        }
    }
}
