package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.lab.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A disk laid out by hand, as curtin's action list under {@code storage: config:}
 * (autoinstall/storage-config.yaml): GPT with a BIOS boot partition and an ESP, so that one list
 * boots both firmwares; a separate /boot, a swap partition, and LVM holding / and /home. The BIOS
 * machine boots GRUB's core image from the bios_grub partition, the UEFI machine GRUB from the ESP.
 */
@PxeLab(userData = "autoinstall/storage-config.yaml")
class StorageConfigIT {

    @TargetVm(mac = "52:54:00:5c:00:01", disk = "3G")
    static Target bios;

    @TargetVm(mac = "52:54:00:5c:00:02", disk = "3G", firmware = Firmware.UEFI)
    static Target uefi;

    /** A root too small to hold the downloaded system image next to what is unpacked from it. */
    @TargetVm(mac = "52:54:00:5c:00:03", disk = "1G", userData = "autoinstall/small-root.yaml")
    static Target smallRoot;

    static Stream<Target> machines() {
        return Stream.of(bios, uefi);
    }

    @ParameterizedTest
    @MethodSource("machines")
    void theDiskHasAGptTableWithThePartitionsInListOrder(Target machine) {
        assertThat(machine.root().run("dd if=/dev/vda bs=512 skip=1 count=1 2>/dev/null | head -c 8")).succeeded()
                .hasStdout("EFI PART");
        // sizes in 512-byte sectors: bios_grub 1M, ESP 128M, /boot 256M, swap 64M, the PV the rest
        assertThat(machine.ssh().run("cat /sys/block/vda/vda1/size /sys/block/vda/vda2/size"
                + " /sys/block/vda/vda3/size /sys/block/vda/vda4/size")).succeeded()
                .hasStdout("2048\n262144\n524288\n131072");
        // curtin's placement: the first partition at 1 MiB, each next one at the next MiB, unless an
        // offset says where (/boot at 200M)
        assertThat(machine.ssh().run("cat /sys/block/vda/vda1/start /sys/block/vda/vda2/start"
                + " /sys/block/vda/vda3/start /sys/block/vda/vda5/start")).succeeded()
                .hasStdout("2048\n4096\n409600\n1064960");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void rootAndHomeAreLogicalVolumesWithTheFileSystemsAsked(Target machine) {
        assertThat(machine.ssh().run("grep -E ' (/|/home|/boot) ' /proc/mounts | cut -d' ' -f1-3 | sort -k2"))
                .succeeded().hasStdout("/dev/mapper/vg0-root / ext4\n/dev/vda3 /boot ext4\n/dev/mapper/vg0-home /home ext3");
        assertThat(machine.ssh().run("grep ' /home ' /proc/mounts")).succeeded().hasStdoutContaining("noatime");
        // root is 1G as asked; home took the rest of the volume group
        assertThat(machine.root().run("blockdev --getsize64 /dev/mapper/vg0-root")).succeeded().hasStdout("1073741824");
        assertThat(machine.root().run("/sbin/findfs LABEL=boot")).succeeded().hasStdout("/dev/vda3");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void curtinsBootLoaderSettingsAreAcceptedWithAWarning(Target machine) {
        assertThat(machine.events()).extracting(e -> e.summary())
                .anyMatch(s -> s.contains("subiquity/Load/ignored/storage.grub") && s.contains("WARN"));
    }

    @ParameterizedTest
    @MethodSource("machines")
    void theSwapPartitionIsInUse(Target machine) {
        assertThat(machine.ssh().run("cat /proc/swaps")).succeeded().hasStdoutContaining("/dev/vda4");
    }

    @ParameterizedTest
    @MethodSource("machines")
    void fstabNamesEveryFileSystemByUuidAsCurtinWritesIt(Target machine) {
        assertThat(machine.ssh().run("grep -c '^UUID=' /etc/fstab")).succeeded().hasStdout("5");
        assertThat(machine.ssh().run("cat /proc/cmdline")).succeeded().hasStdoutContaining("root=UUID=");
    }

    @Test
    void aRootWithoutRoomForTheImageTwiceIsUnpackedAsTheImageDownloads() {
        assertThat(smallRoot.console()).contains("could not keep the image on the target; unpacking it as it downloads");
        assertThat(smallRoot.ssh().run("df -m / | tail -n 1")).succeeded().hasStdoutContaining("/dev/vda2");
        assertThat(smallRoot).hasFileContaining("/etc/os-release", "pxelab");
        assertThat(smallRoot.ssh().run("test ! -e /.pxelab-image")).succeeded();
    }

    @ParameterizedTest
    @MethodSource("machines")
    void theImageDownloadedToTheTargetIsUnpackedFromThereAndDeleted(Target machine) {
        assertThat(machine.console()).doesNotContain("could not keep the image on the target");
        assertThat(machine.ssh().run("test ! -e /.pxelab-image")).succeeded();
    }

    @ParameterizedTest
    @MethodSource("machines")
    void theEspCarriesGrubAndIsMountedAtBootEfi(Target machine) {
        assertThat(machine.ssh().run("grep ' /boot/efi ' /proc/mounts | cut -d' ' -f1,3")).succeeded()
                .hasStdout("/dev/vda2 vfat");
        assertThat(machine).hasFile("/boot/efi/EFI/BOOT/BOOTX64.EFI");
    }
}
