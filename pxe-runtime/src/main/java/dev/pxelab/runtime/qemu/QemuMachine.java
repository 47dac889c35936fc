package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.TapDevice;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running QEMU machine that network-boots ({@code -boot n}) from a lab network.
 *
 * <p>Its files live in the run's work folder: the serial console in {@code <workDir>/<name>.log},
 * disk, UEFI variables and QEMU's own output in {@code <workDir>/<name>/}. QEMU cannot outlive
 * the JVM: it is started with a parent-death signal (and lives in the JVM's network namespace).
 * Closing is idempotent: QMP {@code quit}, then kill by PID after a grace period.
 *
 * <pre>{@code
 * try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
 *      QemuMachine vm = QemuMachine.start(MachineSpec.builder(mac).build(), lab, workDir)) {
 *     // wait for the console, the provisioner's events, ...
 * }
 * }</pre>
 */
public final class QemuMachine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QemuMachine.class);
    private static final Duration QUIT_GRACE = Duration.ofSeconds(3);

    private final MachineSpec spec;
    private final Process process;
    private final QmpClient qmp;
    private final Path consoleLog;
    private final Path qemuLog;
    private final AcceleratorChoice accelerator;
    private final Instant startedAt;
    private final Runnable releaseTap;
    private final Path qmpTempDir;
    private final IpxePromptSkipper promptSkipper;
    private boolean closed;

    private QemuMachine(MachineSpec spec, Process process, QmpClient qmp, Path consoleLog, Path qemuLog,
                       AcceleratorChoice accelerator, Instant startedAt, Runnable releaseTap, Path qmpTempDir,
                       IpxePromptSkipper promptSkipper) {
        this.spec = spec;
        this.process = process;
        this.qmp = qmp;
        this.consoleLog = consoleLog;
        this.qemuLog = qemuLog;
        this.accelerator = accelerator;
        this.startedAt = startedAt;
        this.releaseTap = releaseTap;
        this.qmpTempDir = qmpTempDir;
        this.promptSkipper = promptSkipper;
    }

    /** Adds a tap for the target's MAC to the lab, starts the target on it; closing removes the tap. */
    public static QemuMachine start(MachineSpec spec, LabNetwork lab, Path workDir) throws IOException {
        TapDevice tap = lab.addTap(spec.mac());
        try {
            return start(spec, tap.name(), workDir, () -> lab.removeTap(tap));
        } catch (IOException | RuntimeException e) {
            lab.removeTap(tap);
            throw e;
        }
    }

    /** Starts the target on an existing tap interface of the JVM's namespace. */
    public static QemuMachine start(MachineSpec spec, String tapName, Path workDir) throws IOException {
        return start(spec, tapName, workDir, () -> { });
    }

    private static QemuMachine start(MachineSpec spec, String tapName, Path workDir, Runnable releaseTap)
            throws IOException {
        QemuInstallation installation = QemuInstallation.host();
        FirmwareFiles firmware = installation.locate(spec);
        AcceleratorChoice accel = AcceleratorDetector.choose(spec.architecture(), firmware.qemu());
        boolean skipIpxePrompts = IpxePromptSkipper.enabled();

        Path dir = Files.createDirectories(workDir.resolve(spec.name()));
        Path consoleLog = workDir.resolve(spec.name() + ".log");
        Path qemuLog = dir.resolve("qemu.log");
        Path disk = dir.resolve("disk.qcow2");
        if (!Files.exists(disk)) {
            createDisk(installation.qemuImg(), disk, spec);
        }
        Path vars = dir.resolve("uefi-vars.fd");
        if (firmware.varsTemplate() != null && !Files.exists(vars)) {
            Files.copy(firmware.varsTemplate(), vars, StandardCopyOption.COPY_ATTRIBUTES);
            vars.toFile().setWritable(true, true);
        }
        // sun_path holds 108 bytes: deep work folders get their QMP socket in /tmp instead.
        Path qmpSocket = dir.resolve("qmp.sock");
        Path qmpTempDir = null;
        if (qmpSocket.toAbsolutePath().toString().length() > 100) {
            qmpTempDir = Files.createTempDirectory("pxelab-qmp");
            qmpSocket = qmpTempDir.resolve("qmp.sock");
        }
        Files.deleteIfExists(qmpSocket);

        QemuCommandLine line = new QemuCommandLine(spec, firmware, accel.accelerator(), tapName,
                new QemuCommandLine.TargetFiles(disk, vars, consoleLog, qmpSocket));
        List<String> command = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        command.addAll(line.arguments());
        Files.writeString(qemuLog, String.join(" ", command) + "\n");
        Instant startedAt = Instant.now();
        Process process = ProcessLauncher.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(qemuLog.toFile())));
        LOG.info("target {} ({}, {} {}{}, {}) started as PID {} on {}; console {}", spec.name(), spec.mac(),
                spec.architecture().unameMachine(), spec.firmware(),
                spec.firmware() == Firmware.UEFI && spec.architecture() == Architecture.X86_64
                        ? (spec.nicRom() ? " via iPXE ROM" : " via EDK2 PXE") : "",
                accel.accelerator(), process.pid(), tapName, consoleLog);
        QmpClient qmp;
        try {
            qmp = connectQmp(qmpSocket, process, spec, qemuLog);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        IpxePromptSkipper promptSkipper = skipIpxePrompts
                ? IpxePromptSkipper.start(consoleLog, qmp, spec.name()) : null;
        return new QemuMachine(spec, process, qmp, consoleLog, qemuLog, accel, startedAt, releaseTap, qmpTempDir,
                promptSkipper);
    }

    private static void createDisk(Path qemuImg, Path disk, MachineSpec spec) throws IOException {
        Process p = new ProcessBuilder(qemuImg.toString(), "create", "-q", "-f", "qcow2", disk.toString(),
                spec.diskSize()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("target " + spec.name() + " (" + spec.mac() + "): qemu-img could not create "
                        + disk + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + disk, e);
        }
    }

    private static QmpClient connectQmp(Path socket, Process process, MachineSpec spec, Path qemuLog)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            // QEMU creates the socket file when it binds and accepts only once it listens: between
            // the two a connection is refused, so "refused" means "not yet" as long as QEMU runs.
            if (Files.exists(socket)) {
                try {
                    return QmpClient.connect(socket);
                } catch (ConnectException e) {
                    if (process.isAlive() && System.nanoTime() > deadline) {
                        throw new IOException("QEMU for target " + spec.name() + " refused QMP connections on "
                                + socket + " for 30 s: " + tail(qemuLog), e);
                    }
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("QEMU for target " + spec.name() + " (" + spec.mac()
                        + ") exited at once with code " + process.exitValue() + ": " + tail(qemuLog));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("QEMU for target " + spec.name() + " opened no QMP socket " + socket
                        + " within 30 s: " + tail(qemuLog));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for QEMU's QMP socket", e);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(1, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    public MachineSpec spec() {
        return spec;
    }

    public long pid() {
        return process.pid();
    }

    /** The serial console, written by QEMU as the guest prints. */
    public Path consoleLog() {
        return consoleLog;
    }

    /** QEMU's own command line and messages. */
    public Path qemuLog() {
        return qemuLog;
    }

    public AcceleratorChoice accelerator() {
        return accelerator;
    }

    /** When QEMU was started: the zero of boot timings. */
    public Instant startedAt() {
        return startedAt;
    }

    /** How many of iPXE's Ctrl-B prompts were answered with a key press; see {@link IpxePromptSkipper}. */
    int ipxePromptsSkipped() {
        return promptSkipper == null ? 0 : promptSkipper.keysSent();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Presses the power button (ACPI); the guest decides whether and when to shut down. */
    public void powerOff() throws IOException {
        qmp.execute("system_powerdown");
    }

    /** Hard reset, as the reset button: the target boots again, from the network first. */
    public void reset() throws IOException {
        qmp.execute("system_reset");
    }

    /** QEMU's run state: {@code running}, {@code paused}, {@code shutdown}, ... */
    public String status() throws IOException {
        return qmp.status();
    }

    /** Waits until QEMU has exited; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (promptSkipper != null) {
            promptSkipper.close();
        }
        if (process.isAlive()) {
            try {
                qmp.execute("quit");
            } catch (IOException e) {
                // QEMU closes the socket as it quits, or is already gone: either way, wait below.
            }
            try {
                if (!process.waitFor(QUIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("target {}: QEMU PID {} ignored quit; killing it", spec.name(), process.pid());
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            qmp.close();
        } catch (IOException ignored) {
            // nothing left to tell QEMU
        }
        releaseTap.run();
        if (qmpTempDir != null) {
            try {
                Files.deleteIfExists(qmpTempDir.resolve("qmp.sock"));
                Files.deleteIfExists(qmpTempDir);
            } catch (IOException ignored) {
                // a stale empty folder in /tmp is harmless
            }
        }
        LOG.info("target {} closed", spec.name());
    }

    @Override
    public String toString() {
        return "QemuMachine[" + spec.name() + " " + spec.mac() + " PID " + process.pid() + "]";
    }
}
