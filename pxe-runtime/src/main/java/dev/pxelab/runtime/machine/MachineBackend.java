package dev.pxelab.runtime.machine;

import dev.pxelab.runtime.net.LabNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Starts machines of one kind on a lab network. A new kind of machine (libvirt, a real machine
 * behind a BMC) is a new implementation of this interface and of {@link Machine}; the lab, its
 * readiness checks and the JUnit extension stay as they are.
 */
public interface MachineBackend {

    /**
     * Attaches a machine for {@code spec} to {@code network}, powers it on, and returns it while it
     * boots. Its files go to {@code workDir}.
     *
     * @throws IOException when the machine cannot be started; nothing stays attached or running then
     */
    Machine start(MachineSpec spec, LabNetwork network, Path workDir) throws IOException;

    /**
     * The files and folders a machine for {@code spec} keeps in {@code workDir}, running or not: a
     * lab removes them before it starts (a failed earlier run leaves them for diagnosis) and after
     * a passing run.
     */
    List<Path> files(MachineSpec spec, Path workDir);

    /**
     * Checks before anything starts that this backend can run {@code spec} on this host (its
     * emulator and firmware are installed), so that a lab fails with the missing package named
     * instead of halfway through booting.
     *
     * @throws IllegalStateException naming what is missing and how to install it
     */
    default void check(MachineSpec spec) {
    }

    /**
     * The name systemd's predictable naming gives the machine's NIC in an installed Linux system,
     * when this backend can know it: the name a config's netplan must use unless it matches by MAC.
     */
    default Optional<String> nicName(MachineSpec spec) {
        return Optional.empty();
    }

    /**
     * The device path of the machine's disk in an installed Linux system, when this backend can
     * know it: the path a config's storage actions must name unless they match the disk by size.
     */
    default Optional<String> diskPath(MachineSpec spec) {
        return Optional.empty();
    }
}
