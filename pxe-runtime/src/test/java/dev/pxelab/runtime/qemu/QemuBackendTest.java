package dev.pxelab.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The old system properties still set a backend, but only where {@link QemuBackend#fromProperties} reads them. */
class QemuBackendTest {

    private static QemuBackend from(Map<String, String> properties) {
        return QemuBackend.fromProperties(properties::get);
    }

    @Test
    void defaultsLetTheHostChooseAndSkipIpxesPrompt() {
        assertThat(QemuBackend.defaults()).isEqualTo(new QemuBackend(AcceleratorMode.AUTO, IpxePrompt.SKIP));
        assertThat(from(Map.of())).isEqualTo(QemuBackend.defaults());
    }

    @Test
    void thePropertiesSetTheSameThingsAsTheBuilder() {
        assertThat(from(Map.of("pxelab.accel", "TCG", "pxelab.ipxe.prompt", "wait")))
                .isEqualTo(QemuBackend.builder().accelerator(AcceleratorMode.TCG).ipxePrompt(IpxePrompt.WAIT).build());
        assertThat(from(Map.of("pxelab.accel", "kvm")).accelerator()).isEqualTo(AcceleratorMode.KVM);
        assertThat(from(Map.of("pxelab.accel", " auto ")).accelerator()).isEqualTo(AcceleratorMode.AUTO);
    }

    @Test
    void anUnknownValueIsRejectedNamingTheProperty() {
        assertThatThrownBy(() -> from(Map.of("pxelab.accel", "hvf")))
                .hasMessage("pxelab.accel='hvf' is not an accelerator: expected kvm, tcg or auto (the default)");
        assertThatThrownBy(() -> from(Map.of("pxelab.ipxe.prompt", "shell")))
                .hasMessage("pxelab.ipxe.prompt='shell' is not a way to treat iPXE's prompt: expected skip (the default) or wait");
    }
}
