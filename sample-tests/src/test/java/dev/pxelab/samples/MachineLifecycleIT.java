package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.ssh.CommandResult;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One machine through its life: a reboot keeps the installed system, a reinstall network-boots the
 * installer again and starts from an empty disk, a command that hangs is stopped at its timeout,
 * power-off stops the machine, and power-on brings the installed system back.
 */
@PxeLab
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MachineLifecycleIT {

    // An instance field works like a static one: the machine still belongs to the class's lab.
    @TargetVm(mac = "00:16:3e:aa:bb:cc", userData = "autoinstall/phoenix.yaml")
    Target phoenix;

    @Test
    @Order(1)
    void aRebootComesBackToTheSameInstalledSystem() {
        String bootId = phoenix.ssh().readFile("/proc/sys/kernel/random/boot_id");
        phoenix.ssh().writeFile("/home/ops/kept-across-reboot", "still here\n");
        phoenix.ssh().run("sync");

        phoenix.reboot();

        assertThat(phoenix.ssh().readFile("/proc/sys/kernel/random/boot_id")).isNotEqualTo(bootId);
        assertThat(phoenix).hasFile("/home/ops/kept-across-reboot").withContent("still here");
    }

    @Test
    @Order(2)
    void whatWasWrittenBeforeAReinstallIsGoneAfterIt() {
        phoenix.ssh().writeFile("/home/ops/written-before-reinstall", "from the first install\n");
        phoenix.ssh().run("sync");
        assertThat(phoenix).hasFile("/home/ops/written-before-reinstall").withContent("from the first install");

        phoenix.reinstall();

        assertThat(phoenix)
                .hasHostname("phoenix")
                .doesNotHaveFile("/home/ops/written-before-reinstall");
        assertThat(phoenix.status().installGeneration()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void aCommandThatRunsPastItsTimeoutIsStoppedAndSaysSo() {
        CommandResult slow = phoenix.ssh().run("echo started; sleep 47 | cat; echo finished", Duration.ofSeconds(2));

        assertThat(slow).timedOut().hasStdout("started");
        assertThat(phoenix.ssh().run("ps").stdout()).as("the stopped command is gone").doesNotContain("sleep 47");
    }

    @Test
    @Order(4)
    void powerOffStopsTheMachine() {
        phoenix.powerOff();

        assertThat(phoenix.machine().isRunning()).isFalse();
    }

    @Test
    @Order(5)
    void powerOnBringsTheInstalledSystemBackFromItsDisk() {
        phoenix.powerOn();

        assertThat(phoenix.machine().isRunning()).isTrue();
        assertThat(phoenix).hasHostname("phoenix");
        assertThat(phoenix.status().installGeneration()).as("booted its disk, not the installer").isEqualTo(2);
    }
}
