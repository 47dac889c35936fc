package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pxelab.runtime.boot.GenericInstaller;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.ReadinessCheck;
import dev.pxelab.runtime.lab.ReadinessChecks;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.lab.TargetNotReadyException;
import dev.pxelab.runtime.provision.HostState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lab knows machines only through the {@code Machine} seam: a backend with no QEMU behind it
 * (a scripted stand-in that reports an install over the lab's HTTP) is started, waited for, powered
 * and closed by the lab exactly as QEMU machines are.
 */
class MachineSeamTest {

    private static final String MAC = "52:54:00:5e:00:01";
    /** The stand-ins install nothing that is served: any installer does. */
    private static final GenericInstaller NOTHING_TO_BOOT = new GenericInstaller(
            new BootProfile("scripted", "scripted/vmlinuz", List.of(), ""), null);
    private static final ReadinessCheck CONSOLE_SAYS_INSTALLED = ReadinessCheck.of("the console to say it installed",
            target -> target.console().contains(ScriptedMachines.INSTALLED));

    @Test
    void aLabDrivesAnyMachineBackendFromStartThroughReadyToClose() throws Exception {
        Lab lab = Lab.builder().name("MachineSeamTest").machines(new ScriptedMachines()).installer(NOTHING_TO_BOOT)
                .withoutBuiltInReadiness()
                .readiness(ReadinessChecks.installFinished())
                .readiness(CONSOLE_SAYS_INSTALLED)
                .target(TargetDefinition.builder(MAC).hostname("scripted-1").build())
                .start();
        Target target;
        Path console;
        try (lab) {
            target = lab.awaitReady().target(MAC);
            console = target.consoleLog();

            assertThat(target.machine()).isInstanceOf(ScriptedMachines.ScriptedMachine.class);
            assertThat(target.state()).isEqualTo(HostState.INSTALLED);
            assertThat(target.events()).filteredOn(InstallerEvent.class::isInstance)
                    .extracting(e -> ((InstallerEvent) e).name()).contains("subiquity/Install");

            target.powerOff();
            assertThat(target.machine().isRunning()).isFalse();
            target.powerOn();
            assertThat(target.machine().isRunning()).isTrue();
        }
        assertThat(target.machine().isRunning()).as("closing the lab closes its machines").isFalse();
        assertThat(Files.exists(console)).as("the backend says which files its machines write: closing a lab whose"
                + " targets all became ready removes them (LeftoverFilesTest)").isFalse();
    }

    @Test
    void aCheckThatIsNeverMetFailsWithTheMacTheStageTheEventsAndTheConsole() {
        ReadinessCheck neverReady = ReadinessChecks.withTimeout(
                ReadinessCheck.of("the console to say hello", target -> target.console().contains("hello")),
                Duration.ofSeconds(2));
        try (Lab lab = Lab.builder().name("MachineSeamTest-never").machines(new ScriptedMachines()).installer(NOTHING_TO_BOOT)
                .withoutBuiltInReadiness()
                .readiness(ReadinessChecks.installFinished())
                .readiness(CONSOLE_SAYS_INSTALLED)
                .readiness(neverReady)
                .target(TargetDefinition.builder(MAC).build())
                .start()) {

            TargetNotReadyException e = catchThrowableOfType(TargetNotReadyException.class, lab::awaitReady);

            assertThat(e.getMessage())
                    .startsWith(MAC + " (5254005e0001) reached INSTALLED, expected the console to say hello within 2 s;"
                            + " last events: [")
                    .contains("installer finish subiquity/Install", "--- last ", ScriptedMachines.INSTALLED);
        }
    }

    @Test
    void aCheckThatThrowsFailsAtOnceWithItsReason() {
        ReadinessCheck broken = ReadinessCheck.of("cloud-init to finish", target -> {
            throw new IllegalStateException("cloud-init status: error (runcmd failed)");
        });
        try (Lab lab = Lab.builder().name("MachineSeamTest-throws").machines(new ScriptedMachines()).installer(NOTHING_TO_BOOT)
                .withoutBuiltInReadiness().readiness(ReadinessChecks.installFinished()).readiness(broken)
                .target(TargetDefinition.builder(MAC).build())
                .start()) {

            TargetNotReadyException e = catchThrowableOfType(TargetNotReadyException.class, lab::awaitReady);

            assertThat(e.getMessage()).startsWith(MAC + " (5254005e0001) reached INSTALLED, cloud-init to finish failed:"
                    + " cloud-init status: error (runcmd failed); last events: [");
        }
    }
}
