package dev.pxelab.assets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One QEMU x86_64 machine under TCG, serial console to a file; closing kills it by PID. */
final class Qemu implements AutoCloseable {
    static final String MAC = "52:54:00:12:34:56";

    private final Process process;
    private final Path console;
    final long startedMillis;

    private Qemu(List<String> args, Path console) throws IOException {
        this.console = console;
        Files.deleteIfExists(console);
        // The parent-death signal: a killed test JVM takes its machines along.
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--",
                "qemu-system-x86_64", "-machine", "q35", "-accel", "tcg",
                "-smp", "2", "-m", "512", "-display", "none", "-monitor", "none", "-no-reboot",
                "-serial", "file:" + console));
        cmd.addAll(args);
        startedMillis = System.currentTimeMillis();
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(console.resolveSibling(console.getFileName() + ".qemu").toFile()).start();
    }

    /** Direct kernel boot of the installer, as a PXE boot script would start it. */
    static Qemu installer(Path disk, String append, Path console) throws IOException {
        return new Qemu(List.of("-kernel", TestOsBuild.locate().kernel().toString(), "-initrd", TestOsBuild.locate().installerInitrd().toString(),
                "-append", append,
                "-drive", "file=" + disk + ",format=raw,if=virtio",
                "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0,mac=" + MAC), console);
    }

    /** Boots the disk; with ovmfVars, under UEFI (OVMF), else BIOS (SeaBIOS). */
    static Qemu fromDisk(Path disk, int sshPort, Path ovmfVars, Path console) throws IOException {
        List<String> args = new ArrayList<>();
        if (ovmfVars != null) {
            args.addAll(List.of("-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd",
                    "-drive", "if=pflash,format=raw,file=" + ovmfVars));
        }
        args.addAll(List.of("-boot", "c", "-drive", "file=" + disk + ",format=raw,if=virtio",
                "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:" + sshPort + "-:22",
                "-device", "virtio-net-pci,netdev=n0,mac=" + MAC + ",romfile="));
        return new Qemu(args, console);
    }

    ProcessHandle handle() { return process.toHandle(); }

    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String console() {
        try {
            return Files.exists(console) ? Files.readString(console) : "";
        } catch (IOException e) {
            return "(console unreadable: " + e + ")";
        }
    }

    String consoleTail(int lines) {
        String[] all = console().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
