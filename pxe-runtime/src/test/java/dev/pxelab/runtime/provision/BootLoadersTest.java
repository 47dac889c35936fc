package dev.pxelab.runtime.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pxelab.runtime.dhcp.BootFiles;
import dev.pxelab.runtime.tftp.TftpFileSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.Assertions;

/** What firmware PXE gets by default, and how Debian's arm64 GRUB finds its per-MAC config. */
class BootLoadersTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.168.105.21", 1234);

    @Test
    void x64UefiGetsSnponlyAndArm64DebiansShimByDefault() {
        assertThat(BootFiles.DEFAULTS.x64Uefi()).isEqualTo("snponly.efi");
        assertThat(BootFiles.DEFAULTS.arm64Uefi()).isEqualTo("bootnetaa64.efi");
        assertThat(BootLoaders.debianDefaults().bootFiles()).isEqualTo(BootFiles.DEFAULTS);
    }

    @Test
    void debianDefaultsServeTheArm64ShimGrubAndGrubsModulesWhereItsPrefixSays() {
        assumeTrue(Files.isDirectory(BootLoaders.DEBIAN_ARM64_NETBOOT), "debian-installer-12-netboot-arm64 not installed");
        BootLoaders loaders = BootLoaders.debianDefaults();

        assertThat(loaders.files()).containsKeys("bootnetaa64.efi", "grubaa64.efi", "snponly.efi",
                "debian-installer/arm64/grub/arm64-efi/http.mod");
        TftpFileSource source = loaders.asFileSource();
        assertThat(source.find("debian-installer/arm64/grub/arm64-efi/http.mod", CLIENT)).get()
                .satisfies(bytes -> assertThat(bytes.length).isPositive());
        assertThat(source.find("no-such.efi", CLIENT)).isEmpty();
    }

    @Test
    void grubsPrefixConfigHandsOverToTheMachinesOwnConfigOverHttp() {
        TftpFileSource loaders = TftpFileSource.of(Map.of("grubaa64.efi", new byte[] {1}));
        TftpFileSource source = GrubPrefixConfig.over(loaders, "192.168.105.1");

        Optional<byte[]> config = source.find("debian-installer/arm64/grub/grub.cfg", CLIENT);

        assertThat(config).isPresent();
        assertThat(new String(config.get(), StandardCharsets.UTF_8))
                .contains("insmod http\n")
                .contains("configfile \"(http,192.168.105.1)/${net_default_mac}/grub.cfg\"")
                .as("a lost fetch is tried again").contains("for attempt in 1 2 3 4 5; do\n");
        assertThat(source.find("grubaa64.efi", CLIENT)).get().isEqualTo(new byte[] {1});
    }

    @Test
    void anArm64LoaderOfTheUsersIsWhatArm64FirmwareIsSentInsteadOfDebiansShim() throws Exception {
        // Debian 12's ipxe package has x86_64 EFI builds only: an arm64 iPXE is the user's own
        Path ipxe = Files.createTempFile("snponly", ".efi");
        Files.write(ipxe, new byte[] {7});
        BootLoaders loaders = new BootLoaders(Map.of(), BootFiles.DEFAULTS).withArm64Loader(ipxe);

        assertThat(loaders.bootFiles().arm64Uefi()).isEqualTo("ipxe-arm64.efi");
        assertThat(loaders.bootFiles().x64Uefi()).as("x86_64 keeps its loader").isEqualTo("snponly.efi");
        assertThat(loaders.asFileSource().find("ipxe-arm64.efi", CLIENT)).get().isEqualTo(new byte[] {7});
    }

    @Test
    void aLoaderThatVanishedIsReportedByNameWhenAsked() throws Exception {
        Path file = Files.createTempFile("loader", ".efi");
        BootLoaders loaders = new BootLoaders(Map.of(), BootFiles.DEFAULTS).with("mine.efi", file);
        Files.delete(file);

        Assertions.assertThatThrownBy(() -> loaders.asFileSource().find("mine.efi", CLIENT))
                .hasMessageContaining("boot loader mine.efi").hasMessageContaining(file.toString());
    }
}
