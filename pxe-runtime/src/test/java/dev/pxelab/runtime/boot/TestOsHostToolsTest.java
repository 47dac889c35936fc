package dev.pxelab.runtime.boot;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TestOsHostToolsTest {

    private static final Set<String> EVERYTHING = Set.of("apt-get", "apt-cache", "dpkg-deb", "gcc", "grub-mkimage",
            "cpio", "objdump", "objcopy", "strip", "gzip", "tar", "sha256sum");

    @Test
    void aHostWithEverythingBuilds() {
        assertThatCode(() -> new TestOsHostTools(EVERYTHING::contains, file -> true).require()).doesNotThrowAnyException();
    }

    @Test
    void aHostWithoutAptIsToldThatTheTestOsComesFromDebianPackagesAndWhatToDoInstead() {
        TestOsHostTools fedora = new TestOsHostTools(tool -> !tool.startsWith("apt") && !tool.startsWith("dpkg"), file -> true);

        assertThatThrownBy(fedora::require)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Debian 12 packages through this host's apt")
                .hasMessageContaining("no apt-cache, apt-get, dpkg-deb")
                .hasMessageContaining("pxelab.testos.dir");
    }

    @Test
    void missingBuildToolsAreNamedAllAtOnceWithTheirDebianPackages() {
        TestOsHostTools bare = new TestOsHostTools(tool -> EVERYTHING.contains(tool) && !tool.equals("grub-mkimage")
                && !tool.equals("objcopy"), file -> !file.endsWith("libyaml.a"));

        assertThatThrownBy(bare::require)
                .hasMessageContaining("grub-mkimage (grub-common), objcopy (binutils), /usr/lib/x86_64-linux-gnu/libyaml.a (libyaml-dev)")
                .hasMessageEndingWith("sudo apt-get install grub-common binutils libyaml-dev");
    }
}
