package dev.pxelab.samples;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.TargetDefinition;
import org.junit.jupiter.api.Test;

/**
 * Broken autoinstall data never reaches a machine: the lab validates every user-data before it
 * boots anything and names each problem by file, line and column (errors only: the advice that
 * hostname "web_1" is not RFC 1123 is a warning, since the installer takes any string). {@code @PxeLab} does the same
 * (the class fails before its first test); this test shows it with the plain Java API.
 */
class BrokenAutoinstallTest {

    @Test
    void everyProblemIsReportedWithFileLineAndColumnAndNothingBoots() {
        var lab = Lab.builder()
                .name("broken")
                .target(TargetDefinition.builder("00:16:3e:11:22:33")
                        .userData(Document.resolve("autoinstall/broken.yaml", getClass().getClassLoader()))
                        .build());

        assertThatThrownBy(lab::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("""
                        lab 'broken': user-data is not valid, nothing was booted:
                          classpath:autoinstall/broken.yaml, user-data of target 00:16:3e:11:22:33:
                            classpath:autoinstall/broken.yaml:4:3: error: autoinstall.identity.password: missing \
                        (expected a crypt(3) hash)
                            classpath:autoinstall/broken.yaml:8:21: error: autoinstall.ssh.install-server: got the \
                        string "true" (expected true or false) hint: remove the quotes
                            classpath:autoinstall/broken.yaml:11:13: error: autoinstall.storage.layout.name: zfs \
                        is not supported by the pxelab test OS (expected direct or lvm) hint: remove it, or validate with \
                        profile ubuntu and test it with Ubuntu's installer""");
    }
}
