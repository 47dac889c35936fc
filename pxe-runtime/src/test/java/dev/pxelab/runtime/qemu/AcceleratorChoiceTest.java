package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.boot.Architecture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

class AcceleratorChoiceTest {

    private static final String NO_VIRT = "processor\t: 0\nflags\t\t: fpu vme de pse tsc msr pae mce sse sse2 hypervisor\n";
    private static final String VMX = "processor\t: 0\nflags\t\t: fpu vme de pse tsc msr pae mce vmx sse sse2\n";
    private static final String SVM = "processor\t: 0\nflags\t\t: fpu vme svm sse2\n";

    @Test
    void noVmxOrSvmMeansTcgEvenWithDevKvm() {
        AtomicBoolean probed = new AtomicBoolean();
        AcceleratorChoice c = AcceleratorChoice.decide(AcceleratorMode.AUTO, Architecture.X86_64, Architecture.X86_64, NO_VIRT, true,
                () -> probed.getAndSet(true));

        assertThat(c.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(c.reason()).isEqualTo("the CPU exposes no vmx/svm flag");
        assertThat(c.slowness()).isEqualTo(10.0);
        assertThat(probed).as("no probe needed").isFalse();
    }

    @Test
    void vmxAndAPassingProbeMeanKvm() {
        AcceleratorChoice c = AcceleratorChoice.decide(AcceleratorMode.AUTO, Architecture.X86_64, Architecture.X86_64, VMX, true, () -> true);

        assertThat(c.accelerator()).isEqualTo(Accelerator.KVM);
        assertThat(c.slowness()).isEqualTo(1.0);
        assertThat(AcceleratorChoice.decide(AcceleratorMode.AUTO, Architecture.X86_64, Architecture.X86_64, SVM, true, () -> true)
                .accelerator()).isEqualTo(Accelerator.KVM);
    }

    @Test
    void aFailingProbeMeansTcg() {
        AcceleratorChoice c = AcceleratorChoice.decide(AcceleratorMode.AUTO, Architecture.X86_64, Architecture.X86_64, VMX, true, () -> false);

        assertThat(c.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(c.reason()).contains("probe");
    }

    @Test
    void unusableDevKvmMeansTcg() {
        assertThat(AcceleratorChoice.decide(AcceleratorMode.AUTO, Architecture.X86_64, Architecture.X86_64, VMX, false, () -> true)
                .reason()).isEqualTo("/dev/kvm cannot be opened read-write");
    }

    @Test
    void aForeignArchitectureAlwaysRunsUnderTcg() {
        AcceleratorChoice c = AcceleratorChoice.decide(AcceleratorMode.AUTO, Architecture.AARCH64, Architecture.X86_64, VMX, true, () -> true);

        assertThat(c.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(c.reason()).isEqualTo("the guest is aarch64, the host x86_64");
        assertThat(c.slowness()).as("translated across instruction sets: waits scale further").isEqualTo(30.0);
        assertThat(AcceleratorChoice.decide(AcceleratorMode.TCG, Architecture.AARCH64, Architecture.X86_64, VMX, true,
                () -> true).slowness()).isEqualTo(30.0);
    }

    @Test
    void aSetModeForcesEither() {
        assertThat(AcceleratorChoice.decide(AcceleratorMode.TCG, Architecture.X86_64, Architecture.X86_64, VMX, true, () -> true)
                .accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(AcceleratorChoice.decide(AcceleratorMode.KVM, Architecture.X86_64, Architecture.X86_64, NO_VIRT, true, () -> false)
                .accelerator()).isEqualTo(Accelerator.KVM);
    }

    @Test
    void forcedKvmWithoutDevKvmSaysHowToFixIt() {
        assertThatThrownBy(() -> AcceleratorChoice.decide(AcceleratorMode.KVM, Architecture.X86_64, Architecture.X86_64, VMX, false,
                () -> true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("accelerator set to KVM (AcceleratorMode.KVM, or -Dpxelab.accel=kvm),"
                        + " but /dev/kvm cannot be opened read-write:")
                .hasMessageContaining("'kvm' group")
                .hasMessageEndingWith("or leave the choice to pxelab (AcceleratorMode.AUTO, no -Dpxelab.accel) to run under TCG");
    }

    @Test
    void theProbeFailsOnThisKindOfMachine() throws Exception {
        // Where the CPU really exposes vmx/svm the probe may pass; here it must say what the flags say.
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        Assumptions.assumeFalse(cpuinfo.matches("(?s).*\\b(vmx|svm)\\b.*"), "host has vmx/svm");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/kvm")));

        assertThat(AcceleratorDetector.probe(Architecture.X86_64,
                QemuInstallation.host().binary("qemu-system-x86_64", "qemu-system-x86"))).isFalse();
    }
}
