package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsInstaller;
import dev.pxelab.runtime.qemu.AcceleratorMode;
import dev.pxelab.runtime.qemu.IpxePrompt;
import dev.pxelab.runtime.qemu.QemuBackend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The properties pxelab understands become settings of a lab definition at the edge, and only
 * there: a definition built without them does not see them, so two labs in one JVM can differ.
 */
class LabPropertiesTest {

    private static LabDefinition.Builder applied(Map<String, String> properties) {
        return LabProperties.from(properties::get).applyTo(LabDefinition.builder());
    }

    @Test
    void eachPropertyBecomesTheSettingOfTheSameMeaning() {
        LabDefinition definition = applied(Map.of(
                "pxelab.testos.dir", "/opt/pxelab/testos",
                "pxelab.allowForeignInterfaces", "true",
                "pxelab.accel", "tcg",
                "pxelab.ipxe.prompt", "wait")).build();

        assertThat(definition.installer()).isEqualTo(new TestOsInstaller(TestOs.AUTO, Path.of("/opt/pxelab/testos")));
        assertThat(definition.network().allowForeignInterfaces()).isTrue();
        assertThat(definition.machines()).isEqualTo(QemuBackend.builder().accelerator(AcceleratorMode.TCG)
                .ipxePrompt(IpxePrompt.WAIT).build());
    }

    @Test
    void theTestOsFolderAppliesToTheFlavourChosenLater() {
        LabDefinition definition = applied(Map.of("pxelab.testos.dir", "/opt/pxelab/testos"))
                .testOs(TestOs.DEBIAN).build();

        assertThat(definition.installer()).isEqualTo(new TestOsInstaller(TestOs.DEBIAN, Path.of("/opt/pxelab/testos")));
    }

    @Test
    void withoutPropertiesTheDefinitionKeepsItsDefaults() {
        assertThat(applied(Map.of()).build()).isEqualTo(LabDefinition.builder().build());
    }

    @Test
    void systemPropertiesAreReadOnlyByTheEdge() {
        System.setProperty(LabProperties.ALLOW_FOREIGN_INTERFACES, "true");
        try {
            assertThat(LabDefinition.builder().build().network().allowForeignInterfaces())
                    .as("the definition itself reads nothing").isFalse();
            assertThat(Lab.builder().build().network().allowForeignInterfaces())
                    .as("Lab.builder() is an edge: it applies the system properties").isTrue();
        } finally {
            System.clearProperty(LabProperties.ALLOW_FOREIGN_INTERFACES);
        }
    }
}
