package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.Machine;
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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lab machine run by QEMU, network boot first ({@code -boot n}), started by {@link QemuBackend}.
 *
 * <p>Its files live in the run's work folder: the serial console in {@code <workDir>/<name>.log},
 * disk, UEFI variables and QEMU's own output in {@code <workDir>/<name>/}. Each power cycle is one
 * QEMU process: when the guest powers off, QEMU exits, and {@link #powerOn()} starts a new one on
 * the same disk, variables and tap, appending to the same console and QEMU logs. QEMU cannot
 * outlive the JVM: it is started with a parent-death signal (and lives in the JVM's network
 * namespace). Closing is idempotent: QMP {@code quit}, then kill by PID after a grace period.
 *
 * <pre>{@code
 * try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
 *      QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(mac).build(), lab, workDir)) {
 *     // wait for the console, the provisioner's events, ...
 * }
 * }</pre>
 */
public final class QemuMachine implements Machine {

    private static final Logger LOG = LoggerFactory.getLogger(QemuMachine.class);
    private static final Duration QUIT_GRACE = Duration.ofSeconds(3);

    private final MachineSpec spec;
    private final String tapName;
    private final List<String> command;
    private final Path dir;
    private final Path consoleLog;
    private final Path qemuLog;
    private final Path qmpSocket;
    private final Path qmpTempDir;
    private final AcceleratorChoice accelerator;
    private final IpxePrompt ipxePrompt;
    private final Runnable releaseTap;
    /** The current power cycle, or the last one while the machine is off. */
    private volatile Run run;
    private boolean closed; // guarded by this

    /**
     * One power cycle: a QEMU process from its start to its exit, and what talks to it. A new
     * cycle needs a new QMP connection (the socket belongs to the process) and a new prompt
     * watcher, so they are replaced together.
     */
    private record Run(Process process, QmpClient qmp, IpxePromptSkipper promptSkipper, Instant startedAt) {

        /** Ends the cycle if QEMU still runs (QMP quit, kill after a grace period); idempotent. */
        void end(String targetName) {
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
                        LOG.warn("target {}: QEMU PID {} ignored quit; killing it", targetName, process.pid());
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
        }
    }

    private QemuMachine(MachineSpec spec, String tapName, List<String> command, Path dir, Path consoleLog,
                        Path qemuLog, Path qmpSocket, Path qmpTempDir, AcceleratorChoice accelerator,
                        IpxePrompt ipxePrompt, Runnable releaseTap) {
        this.spec = spec;
        this.tapName = tapName;
        this.command = command;
        this.dir = dir;
        this.consoleLog = consoleLog;
        this.qemuLog = qemuLog;
        this.qmpSocket = qmpSocket;
        this.qmpTempDir = qmpTempDir;
        this.accelerator = accelerator;
        this.ipxePrompt = ipxePrompt;
        this.releaseTap = releaseTap;
    }

    /** Adds a tap for the target's MAC to the lab, starts the target on it; closing removes the tap. */
    static QemuMachine start(MachineSpec spec, LabNetwork lab, Path workDir, QemuBackend settings) throws IOException {
        TapDevice tap = lab.addTap(spec.mac());
        try {
            return start(spec, tap.name(), workDir, settings, () -> lab.removeTap(tap));
        } catch (IOException | RuntimeException e) {
            lab.removeTap(tap);
            throw e;
        }
    }

    /** The serial console's log, next to the machine's folder in the work folder. */
    static Path consoleLog(MachineSpec spec, Path workDir) {
        return workDir.resolve(spec.name() + ".log");
    }

    /** The machine's folder: disk, UEFI variables, qemu.log, the QMP socket. */
    static Path folder(MachineSpec spec, Path workDir) {
        return workDir.resolve(spec.name());
    }

    private static QemuMachine start(MachineSpec spec, String tapName, Path workDir, QemuBackend settings,
                                     Runnable releaseTap) throws IOException {
        QemuInstallation installation = QemuInstallation.host();
        FirmwareFiles firmware = installation.locate(spec);
        AcceleratorChoice accel = AcceleratorDetector.choose(settings.accelerator(), spec.architecture(),
                firmware.qemu());

        Path dir = Files.createDirectories(folder(spec, workDir));
        Path consoleLog = consoleLog(spec, workDir);
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
        // QEMU appends to the console (later power cycles continue it); a new machine starts a new one.
        Files.deleteIfExists(consoleLog);
        // sun_path holds 108 bytes: deep work folders get their QMP socket in /tmp instead.
        Path qmpSocket = dir.resolve("qmp.sock");
        Path qmpTempDir = null;
        if (qmpSocket.toAbsolutePath().toString().length() > 100) {
            qmpTempDir = Files.createTempDirectory("pxelab-qmp");
            qmpSocket = qmpTempDir.resolve("qmp.sock");
        }

        QemuCommandLine line = new QemuCommandLine(spec, firmware, accel.accelerator(), tapName,
                new QemuCommandLine.TargetFiles(disk, vars, consoleLog, qmpSocket));
        List<String> command = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        command.addAll(line.arguments());
        Files.writeString(qemuLog, "");
        QemuMachine machine = new QemuMachine(spec, tapName, List.copyOf(command), dir, consoleLog, qemuLog,
                qmpSocket, qmpTempDir, accel, settings.ipxePrompt(), releaseTap);
        try {
            machine.run = machine.launch();
        } catch (IOException | RuntimeException e) {
            machine.deleteQmpTempDir();
            throw e;
        }
        return machine;
    }

    /** Starts one QEMU process, the next power cycle. */
    private Run launch() throws IOException {
        Files.deleteIfExists(qmpSocket);
        long consoleOffset = Files.exists(consoleLog) ? Files.size(consoleLog) : 0;
        boolean first = run == null;
        Files.writeString(qemuLog, (first ? "" : "--- powered on again at " + Instant.now() + "\n")
                + String.join(" ", command) + "\n", StandardOpenOption.APPEND);
        Instant startedAt = Instant.now();
        Process process = ProcessLauncher.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(qemuLog.toFile())));
        LOG.info("target {} ({}, {} {}{}, {}) {} as PID {} on {}; console {}", spec.name(), spec.mac(),
                spec.architecture().unameMachine(), spec.firmware(),
                spec.firmware() == Firmware.UEFI && spec.architecture() == Architecture.X86_64
                        ? (spec.nicRom() ? " via iPXE ROM" : " via EDK2 PXE") : "",
                accelerator.accelerator(), first ? "started" : "powered on again", process.pid(), tapName, consoleLog);
        QmpClient qmp;
        try {
            qmp = connectQmp(qmpSocket, process, spec, qemuLog);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        IpxePromptSkipper promptSkipper = ipxePrompt == IpxePrompt.SKIP
                ? IpxePromptSkipper.start(consoleLog, consoleOffset, qmp, spec.name()) : null;
        return new Run(process, qmp, promptSkipper, startedAt);
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

    @Override
    public MachineSpec spec() {
        return spec;
    }

    /** The PID of the current (or, while off, the last) QEMU process. */
    public long pid() {
        return run.process().pid();
    }

    /** The serial console, written by QEMU as the guest prints; every power cycle appends to it. */
    @Override
    public Path consoleLog() {
        return consoleLog;
    }

    /** QEMU's command line and messages, of every power cycle. */
    public Path qemuLog() {
        return qemuLog;
    }

    /** The console log, and the folder with disk, UEFI variables and {@link #qemuLog()}. */
    @Override
    public List<Path> files() {
        return List.of(consoleLog, dir);
    }

    public AcceleratorChoice accelerator() {
        return accelerator;
    }

    /** E.g. {@code QEMU TCG (the CPU exposes no vmx/svm flag)}. */
    @Override
    public String describe() {
        return "QEMU " + accelerator.accelerator() + " (" + accelerator.reason() + ")";
    }

    @Override
    public double slowness() {
        return accelerator.slowness();
    }

    @Override
    public String whereToLook() {
        return "see " + qemuLog;
    }

    /** When the current (or last) QEMU process was started: the zero of boot timings. */
    @Override
    public Instant startedAt() {
        return run.startedAt();
    }

    /** How many of iPXE's Ctrl-B prompts this power cycle answered with a key press; see {@link IpxePromptSkipper}. */
    int ipxePromptsSkipped() {
        IpxePromptSkipper skipper = run.promptSkipper();
        return skipper == null ? 0 : skipper.keysSent();
    }

    @Override
    public boolean isRunning() {
        return run.process().isAlive();
    }

    @Override
    public void powerOff() throws IOException {
        run.qmp().execute("system_powerdown");
    }

    /**
     * Starts QEMU again on the same disk, UEFI variables and tap, after the guest powered off (QEMU
     * exited) or {@link #forceOff()}; the console log goes on where it ended.
     *
     * @throws IllegalStateException when QEMU still runs, or the machine is closed
     */
    @Override
    public synchronized void powerOn() throws IOException {
        if (closed) {
            throw new IllegalStateException("target " + spec.name() + " (" + spec.mac() + ") is closed;"
                    + " a closed machine has given up its tap and cannot be powered on");
        }
        Run last = run;
        if (last.process().isAlive()) {
            throw new IllegalStateException("target " + spec.name() + " (" + spec.mac() + ") is on (QEMU PID "
                    + last.process().pid() + "): power it off and wait for awaitOff, or reset() it");
        }
        last.end(spec.name());
        run = launch();
    }

    @Override
    public void reset() throws IOException {
        run.qmp().execute("system_reset");
    }

    /** QEMU's run state: {@code running}, {@code paused}, {@code shutdown}, ... */
    public String status() throws IOException {
        return run.qmp().status();
    }

    /** Waits until QEMU has exited; true if it did within {@code timeout}. */
    @Override
    public boolean awaitOff(Duration timeout) throws InterruptedException {
        return run.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** QMP {@code quit} (QEMU writes its disk cache out and exits; the guest is not asked), kill after 3 s. */
    @Override
    public synchronized void forceOff() {
        run.end(spec.name());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        run.end(spec.name());
        releaseTap.run();
        deleteQmpTempDir();
        LOG.info("target {} closed", spec.name());
    }

    private void deleteQmpTempDir() {
        if (qmpTempDir != null) {
            try {
                Files.deleteIfExists(qmpSocket);
                Files.deleteIfExists(qmpTempDir);
            } catch (IOException ignored) {
                // a stale empty folder in /tmp is harmless
            }
        }
    }

    @Override
    public String toString() {
        return "QemuMachine[" + spec.name() + " " + spec.mac() + " PID " + pid() + "]";
    }
}
