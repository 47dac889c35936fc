package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.dhcp.BootFiles;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.BootLoaders;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.machine.MachineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A boot loader that is not installed is named, with its package, before any target starts. */
class BootLoaderCheckTest {

    static final MacAddress MAC = MacAddress.of("52:54:00:00:00:11");
    static final BootLoaders NONE = new BootLoaders(Map.of(), BootFiles.DEFAULTS);

    @Test
    void targetsBootingThroughTheNicsIpxeRomNeedNoLoader() {
        List<MachineSpec> targets = List.of(MachineSpec.builder(MAC).name("bios").build(),
                MachineSpec.builder(MAC).name("uefi").firmware(Firmware.UEFI).build());

        assertThatCode(() -> BootLoaderCheck.require(NONE, targets)).doesNotThrowAnyException();
    }

    @Test
    void edk2sOwnPxeNeedsSnponlyFromTheIpxePackage() {
        MachineSpec target = MachineSpec.builder(MAC).name("uefi-pxe").firmware(Firmware.UEFI).nicRom(false).build();

        assertThatThrownBy(() -> BootLoaderCheck.require(NONE, List.of(target)))
                .hasMessage("target uefi-pxe (52:54:00:00:00:11) network-boots through snponly.efi over TFTP, which"
                        + " is not there: install the Debian package ipxe (tools/setup does)");
    }

    @Test
    void arm64NeedsDebiansShimAndItsGrub(@TempDir Path dir) throws Exception {
        MachineSpec target = MachineSpec.builder(MAC).name("arm").architecture(Architecture.AARCH64).build();
        Path shim = Files.writeString(dir.resolve("bootnetaa64.efi"), "shim");
        BootLoaders shimOnly = NONE.with("bootnetaa64.efi", shim);

        assertThatThrownBy(() -> BootLoaderCheck.require(shimOnly, List.of(target)))
                .hasMessage("target arm (52:54:00:00:00:11) network-boots through grubaa64.efi over TFTP, which is"
                        + " not there: install the Debian package debian-installer-12-netboot-arm64 (tools/setup does)");
        assertThatCode(() -> BootLoaderCheck.require(shimOnly.with("grubaa64.efi", shim), List.of(target)))
                .doesNotThrowAnyException();
    }

    @Test
    void aLoaderOfTheUsersOwnIsNamedWithHowToAddIt() {
        MachineSpec target = MachineSpec.builder(MAC).name("arm").architecture(Architecture.AARCH64).build();
        BootLoaders own = NONE.withBootFiles(new BootFiles("http://{server}/{mac}/boot.ipxe", "undionly.kpxe",
                "ipxe-i386.efi", "snponly.efi", "ipxe-arm32.efi", "ipxe-arm64.efi", "http://{server}/{file}"));

        assertThatThrownBy(() -> BootLoaderCheck.require(own, List.of(target)))
                .hasMessageEndingWith("ipxe-arm64.efi over TFTP, which is not there: add it with"
                        + " BootLoaders.with(\"ipxe-arm64.efi\", file)");
    }
}
