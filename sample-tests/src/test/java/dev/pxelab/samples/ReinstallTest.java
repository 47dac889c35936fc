package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.lab.Target;
import org.junit.jupiter.api.Test;

/** A reinstall network-boots the installer again and starts from an empty disk. */
@PxeLab
class ReinstallTest {

    // An instance field works like a static one: the machine still belongs to the class's lab.
    @TargetVm(mac = "00:16:3e:aa:bb:cc", userData = "autoinstall/phoenix.yaml")
    Target phoenix;

    @Test
    void whatWasWrittenBeforeAReinstallIsGoneAfterIt() {
        phoenix.ssh().writeFile("/home/ops/written-before-reinstall", "from the first install\n");
        phoenix.ssh().run("sync");
        assertThat(phoenix).hasFile("/home/ops/written-before-reinstall").withContent("from the first install");

        phoenix.reinstall();

        assertThat(phoenix)
                .hasHostname("phoenix")
                .doesNotHaveFile("/home/ops/written-before-reinstall");
    }
}
