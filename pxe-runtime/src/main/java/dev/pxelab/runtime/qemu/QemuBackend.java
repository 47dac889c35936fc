package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.Machine;
import dev.pxelab.runtime.machine.MachineBackend;
import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.net.LabNetwork;
import java.io.IOException;
import java.nio.file.Path;

/** Placeholder until the machine-seam branch lands. */
public record QemuBackend() implements MachineBackend {

    public static QemuBackend defaults() {
        return new QemuBackend();
    }

    @Override
    public java.util.List<Path> files(MachineSpec spec, Path workDir) {
        throw new UnsupportedOperationException("machine-seam");
    }

    @Override
    public Machine start(MachineSpec spec, LabNetwork network, Path workDir) throws IOException {
        throw new UnsupportedOperationException("machine-seam");
    }
}
