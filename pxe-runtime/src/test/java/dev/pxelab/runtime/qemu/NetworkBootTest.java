package dev.pxelab.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Each firmware kind really network-boots ({@code -boot n}) on a lab network, under TCG here,
 * against the {@link StandInPxeServer}: the Debian installer's kernel starting on the serial
 * console is the proof.
 */
class NetworkBootTest {

    private static final MacAddress MAC = MacAddress.of("52:54:00:00:00:21");
    private static final Pattern KERNEL_STARTED = Pattern.compile("Linux version \\d");
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    private static Path workDir(TestInfo info) throws Exception {
        Path dir = Path.of("target/pxelab/NetworkBootTest", info.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    @Test
    void x86BiosBootsTheKernelThroughTheNicsIpxeRom(TestInfo info) throws Exception {
        Path work = workDir(info);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
             StandInPxeServer server = StandInPxeServer.start(lab, MAC, work, true);
             QemuTarget vm = QemuTarget.start(TargetSpec.builder(MAC).name("bios").build(), lab, work)) {

            double seconds = ConsoleWatch.await(vm, KERNEL_STARTED, BOOT_TIMEOUT);

            assertThat(server.logText()).contains("user class: iPXE").contains("DHCPACK(" + lab.bridgeName() + ") "
                    + server.clientAddress().getHostAddress() + " " + MAC);
            System.out.printf("BIOS: QEMU start -> Linux version %.1f s%n", seconds);
        }
    }

    @Test
    void x86UefiBootsTheKernelThroughTheNicsIpxeRom(TestInfo info) throws Exception {
        Path work = workDir(info);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
             StandInPxeServer server = StandInPxeServer.start(lab, MAC, work, true);
             QemuTarget vm = QemuTarget.start(TargetSpec.builder(MAC).name("uefi-rom").firmware(Firmware.UEFI).build(),
                     lab, work)) {

            double seconds = ConsoleWatch.await(vm, KERNEL_STARTED, BOOT_TIMEOUT);

            assertThat(server.logText()).contains("user class: iPXE").doesNotContain("ipxe.efi");
            System.out.printf("UEFI via iPXE ROM: QEMU start -> Linux version %.1f s%n", seconds);
        }
    }

    @Test
    void x86UefiBootsTheKernelThroughEdk2PxeAndIpxeEfiOverTftp(TestInfo info) throws Exception {
        Path work = workDir(info);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
             StandInPxeServer server = StandInPxeServer.start(lab, MAC, work, true);
             QemuTarget vm = QemuTarget.start(TargetSpec.builder(MAC).name("uefi-pxe").firmware(Firmware.UEFI)
                     .nicRom(false).build(), lab, work)) {

            double seconds = ConsoleWatch.await(vm, KERNEL_STARTED, BOOT_TIMEOUT);

            assertThat(server.logText())
                    .contains("vendor class: PXEClient:Arch:00007")
                    .containsPattern("sent \\S+/ipxe.efi to " + server.clientAddress().getHostAddress())
                    .contains("user class: iPXE");
            System.out.printf("UEFI via EDK2 PXE: QEMU start -> Linux version %.1f s%n", seconds);
        }
    }

    @Test
    @Tag("slow")
    void aarch64UefiPxeLoadsDebiansGrubNetworkImageOverTftp(TestInfo info) throws Exception {
        Path work = workDir(info);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
             StandInPxeServer server = StandInPxeServer.start(lab, MAC, work, true);
             QemuTarget vm = QemuTarget.start(TargetSpec.builder(MAC).name("arm64")
                     .architecture(Architecture.AARCH64).build(), lab, work)) {

            server.awaitLog(Pattern.compile("vendor class: PXEClient:Arch:00011"), Duration.ofSeconds(240));
            server.awaitLog(Pattern.compile("sent \\S+/bootnetaa64.efi to "), Duration.ofSeconds(240));
            server.awaitLog(Pattern.compile("sent \\S+/grubaa64.efi to "), Duration.ofSeconds(240));
            double grub = ConsoleWatch.await(vm, Pattern.compile(StandInPxeServer.GRUB_MARKER), Duration.ofSeconds(240));

            System.out.printf("aarch64 UEFI: QEMU start -> GRUB config read %.1f s%n", grub);
        }
    }
}
