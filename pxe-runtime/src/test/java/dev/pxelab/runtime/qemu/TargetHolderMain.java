package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.Path;

/**
 * A JVM that starts a target on a lab network of its own, prints QEMU's PID and then waits to be
 * killed: {@link QemuDiesWithItsJvmIT} kills it with SIGKILL, so no cleanup of ours runs.
 */
public final class TargetHolderMain {

    private TargetHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
        QemuMachine target = QemuBackend.defaults().start(MachineSpec.builder(MacAddress.of("52:54:00:0e:00:01")).name("orphan")
                .build(), lab, Path.of(args[0]));
        System.out.println("QEMU " + target.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
