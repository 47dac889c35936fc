package dev.pxelab.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.autoinstall.ValidationProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pxelab's test OS as an installer: its boot profile names the chosen flavour's image, it refuses
 * a flavour or an architecture it cannot install, and it says where it looked for its build.
 */
class TestOsInstallerTest {
    @TempDir
    Path build;

    private Path builtWith(String... images) throws Exception {
        return builtFor("x86_64", images);
    }

    private Path builtFor(String folder, String... images) throws Exception {
        Path arch = Files.createDirectories(build.resolve(folder));
        for (String f : new String[] {"vmlinuz", "installer.initrd"}) Files.writeString(arch.resolve(f), f);
        for (String f : images) Files.writeString(arch.resolve(f), f);
        return build;
    }

    @Test
    void tinyBootsItsInstallerWithUbuntusAutoinstallCommandLine() throws Exception {
        TestOsInstaller tiny = new TestOsInstaller(TestOs.TINY, builtWith("tiny-rootfs.tar"));

        assertThat(tiny.bootProfile(Firmware.BIOS, Architecture.X86_64).commandLine())
                .startsWith("console=ttyS0 autoinstall ds=nocloud-net;s=http://${server}/${mac}/")
                .contains(" testos.image=http://${server}/assets/x86_64/tiny-rootfs.tar ");
        assertThat(tiny.assetRoot()).contains(build);
        assertThat(tiny.completionEvents()).containsExactly("subiquity/Install");
        assertThat(tiny.validationProfile()).isEqualTo(ValidationProfile.PXELAB_TEST_OS);
    }

    @Test
    void theInstallerAndTheInstalledSystemBootWithoutAddressRandomisationWhichTcgPaysForAtEveryExec() throws Exception {
        TestOsInstaller debian = new TestOsInstaller(TestOs.DEBIAN, builtWith("debian-rootfs.tar"));

        // After "---" (Debian's installer's convention): the installer copies these onto the
        // installed system's kernel line, so both run with them.
        assertThat(debian.bootProfile(Firmware.BIOS, Architecture.X86_64).commandLine()).endsWith(" --- norandmaps");
    }

    @Test
    void anInstalledUefiHostStartsTheLoaderTheInstallerPutOnItsEsp() throws Exception {
        TestOsInstaller tiny = new TestOsInstaller(TestOs.TINY, builtWith("tiny-rootfs.tar"));

        assertThat(tiny.bootProfile(Firmware.UEFI, Architecture.X86_64).uefiLoader())
                .isEqualTo("file://TESTOS-ESP/EFI/BOOT/BOOTX64.EFI");
    }

    @Test
    void debianWhenChosenAndBuilt() throws Exception {
        TestOsInstaller debian = new TestOsInstaller(TestOs.DEBIAN, builtWith("tiny-rootfs.tar", "debian-rootfs.tar"));

        assertThat(debian.bootProfile(Firmware.BIOS, Architecture.X86_64).commandLine())
                .contains(" testos.image=http://${server}/assets/x86_64/debian-rootfs.tar ");
        assertThat(debian.name()).isEqualTo("pxelab-test-os-debian");
    }

    @Test
    void debianNotBuiltSaysHowToBuildIt() throws Exception {
        TestOsInstaller debian = new TestOsInstaller(TestOs.DEBIAN, builtWith("tiny-rootfs.tar"));

        assertThatThrownBy(() -> debian.bootProfile(Firmware.BIOS, Architecture.X86_64))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("x86_64/debian-rootfs.tar")
                .hasMessageContaining("-Ppxelab-debian");
    }

    @Test
    void aBuildFolderWithoutTheInstallerSaysWhereItLookedAndHowToBuild() {
        TestOsInstaller tiny = new TestOsInstaller(TestOs.TINY, build.resolve("nowhere"));

        assertThatThrownBy(tiny::assetRoot)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(build.resolve("nowhere").toString())
                .hasMessageContaining("build-testos.sh")
                .hasMessageContaining("pxelab.testos.dir");
    }

    @Test
    void anAarch64TargetBootsTheAarch64BuildOnItsPl011ConsoleAndStartsBootaa64WhenInstalled() throws Exception {
        builtWith("tiny-rootfs.tar");
        TestOsInstaller tiny = new TestOsInstaller(TestOs.TINY, builtFor("aarch64", "tiny-rootfs.tar"));

        BootProfile profile = tiny.bootProfile(Firmware.UEFI, Architecture.AARCH64);

        assertThat(profile.kernel()).isEqualTo("aarch64/vmlinuz");
        assertThat(profile.initrds()).containsExactly("aarch64/installer.initrd");
        assertThat(profile.commandLine()).startsWith("console=ttyAMA0 autoinstall ")
                .contains(" testos.image=http://${server}/assets/aarch64/tiny-rootfs.tar ");
        assertThat(profile.uefiLoader()).isEqualTo("file://TESTOS-ESP/EFI/BOOT/BOOTAA64.EFI");
        assertThat(tiny.assetRoot()).as("one folder serves both architectures").contains(build);
    }

    @Test
    void anAarch64TargetWithoutAnAarch64BuildSaysHowToBuildOne() throws Exception {
        TestOsInstaller tiny = new TestOsInstaller(TestOs.TINY, builtWith("tiny-rootfs.tar"));

        assertThatThrownBy(() -> tiny.bootProfile(Firmware.UEFI, Architecture.AARCH64))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not built for aarch64")
                .hasMessageContaining("aarch64/vmlinuz")
                .hasMessageContaining("build-testos.sh --arch aarch64")
                .hasMessageContaining("-Paarch64");
    }

    @Test
    void theDebianFlavourForAarch64IsItsOwnImageAndSaysHowToBuildIt() throws Exception {
        builtFor("aarch64", "tiny-rootfs.tar");
        TestOsInstaller debian = new TestOsInstaller(TestOs.DEBIAN, builtWith("tiny-rootfs.tar", "debian-rootfs.tar"));

        assertThatThrownBy(() -> debian.bootProfile(Firmware.UEFI, Architecture.AARCH64))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no aarch64/debian-rootfs.tar")
                .hasMessageContaining("-Ppxelab-debian,aarch64");

        builtFor("aarch64", "tiny-rootfs.tar", "debian-rootfs.tar");
        assertThat(debian.bootProfile(Firmware.UEFI, Architecture.AARCH64).commandLine())
                .contains(" testos.image=http://${server}/assets/aarch64/debian-rootfs.tar ");
    }

    @Test
    void installersDefinedAlikeAreEqual() {
        assertThat(TestOsInstaller.of(TestOs.TINY)).isEqualTo(new TestOsInstaller(TestOs.TINY, null));
    }
}
