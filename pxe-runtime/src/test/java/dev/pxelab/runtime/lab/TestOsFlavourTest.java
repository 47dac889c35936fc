package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot profile names the chosen flavour's image, and refuses a flavour that is not built. */
class TestOsFlavourTest {
    @TempDir
    Path build;
    private final String previous = System.getProperty(TestOs.DIR_PROPERTY);

    @AfterEach
    void restore() {
        if (previous == null) System.clearProperty(TestOs.DIR_PROPERTY);
        else System.setProperty(TestOs.DIR_PROPERTY, previous);
    }

    private TestOs builtWith(String... images) throws Exception {
        Path arch = Files.createDirectories(build.resolve("x86_64"));
        for (String f : new String[] {"vmlinuz", "installer.initrd"}) Files.writeString(arch.resolve(f), f);
        for (String f : images) Files.writeString(arch.resolve(f), f);
        System.setProperty(TestOs.DIR_PROPERTY, build.toString());
        return TestOs.locate();
    }

    @Test
    void tinyByDefault() throws Exception {
        assertThat(builtWith("tiny-rootfs.tar").profile().commandLine())
                .contains(" testos.image=http://${server}/assets/x86_64/tiny-rootfs.tar ");
    }

    @Test
    void debianWhenChosenAndBuilt() throws Exception {
        assertThat(builtWith("tiny-rootfs.tar", "debian-rootfs.tar").profile(TestOs.Flavour.DEBIAN).commandLine())
                .startsWith("console=ttyS0 autoinstall ds=nocloud-net;s=http://${server}/${mac}/")
                .contains(" testos.image=http://${server}/assets/x86_64/debian-rootfs.tar ");
    }

    @Test
    void debianNotBuiltSaysHowToBuildIt() throws Exception {
        TestOs os = builtWith("tiny-rootfs.tar");
        assertThatThrownBy(() -> os.profile(TestOs.Flavour.DEBIAN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("x86_64/debian-rootfs.tar")
                .hasMessageContaining("-Ppxelab-debian");
    }
}
