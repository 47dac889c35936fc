package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.TftpEvent;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Each firmware kind really network-boots ({@code -boot n}) from pxelab's own provisioner on a lab
 * network, under TCG here. The proof, per target, is the provisioner's events in boot order — the
 * DHCP ACK with the host's static address, the boot file over TFTP where the firmware needs one,
 * the target's own per-MAC script or GRUB config, kernel and initrd over HTTP — and then the
 * kernel starting on the serial console with the command line of that host's script.
 */
class NetworkBootIT {

    private static final MacAddress WEB = MacAddress.of("52:54:00:00:00:21");
    private static final MacAddress DB = MacAddress.of("52:54:00:00:00:22");
    private static final Pattern KERNEL_STARTED = Pattern.compile("Linux version \\d");
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    private static Path workDir(TestInfo info) throws Exception {
        Path dir = Path.of("target/pxelab/NetworkBootIT", info.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    private static Host web() {
        return Host.builder(WEB.value()).hostname("web-1").address("192.168.105.21").build();
    }

    @Test
    void x86BiosBootsTheKernelThroughTheNicsIpxeRom(TestInfo info) throws Exception {
        try (NetbootLab lab = NetbootLab.x86(LabNetworkConfig.defaults(), web());
             QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(WEB).name("bios").build(), lab.network, workDir(info))) {

            double kernel = ConsoleWatch.await(vm, KERNEL_STARTED, BOOT_TIMEOUT);

            assertBootedFromItsOwnScript(lab, vm, WEB, "web-1", null);
            assertThat(vm.ipxePromptsSkipped()).as("iPXE's Ctrl-B prompt answered with a key, not waited out")
                    .isEqualTo(1);
            System.out.printf("BIOS: QEMU start -> Linux version %.1f s%n", kernel);
        }
    }

    @Test
    void x86UefiBootsTheKernelThroughTheNicsIpxeRom(TestInfo info) throws Exception {
        try (NetbootLab lab = NetbootLab.x86(LabNetworkConfig.defaults(), web());
             QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(WEB).name("uefi-rom").firmware(Firmware.UEFI).build(),
                     lab.network, workDir(info))) {

            double kernel = ConsoleWatch.await(vm, KERNEL_STARTED, BOOT_TIMEOUT);

            assertBootedFromItsOwnScript(lab, vm, WEB, "web-1", null);
            assertThat(lab.provisioner.events()).as("the ROM is iPXE already: no TFTP")
                    .noneMatch(e -> e instanceof TftpEvent);
            assertThat(vm.ipxePromptsSkipped()).as("iPXE's Ctrl-B prompt answered with a key, not waited out")
                    .isEqualTo(1);
            System.out.printf("UEFI via iPXE ROM: QEMU start -> Linux version %.1f s%n", kernel);
        }
    }

    @Test
    void x86UefiBootsTheKernelThroughEdk2PxeAndSnponlyOverTftp(TestInfo info) throws Exception {
        try (NetbootLab lab = NetbootLab.x86(LabNetworkConfig.defaults(), web());
             QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(WEB).name("uefi-pxe").firmware(Firmware.UEFI)
                     .nicRom(false).build(), lab.network, workDir(info))) {

            double kernel = ConsoleWatch.await(vm, KERNEL_STARTED, BOOT_TIMEOUT);

            assertBootedFromItsOwnScript(lab, vm, WEB, "web-1", "snponly.efi");
            assertThat(lab.provisioner.events()).as("EDK2's PXE was told the default x64 UEFI loader")
                    .anyMatch(e -> e instanceof DhcpEvent d && d.mac().equals(WEB) && d.type() == DhcpEvent.Type.ACK
                            && "snponly.efi".equals(d.bootFile()));
            assertThat(vm.ipxePromptsSkipped()).as("snponly.efi's Ctrl-B prompt answered with a key, not waited out")
                    .isEqualTo(1);
            System.out.printf("UEFI via EDK2 PXE + snponly.efi: QEMU start -> Linux version %.1f s%n", kernel);
        }
    }

    @Test
    void twoTargetsAtOnceEachGetTheirOwnAddressAndScript(TestInfo info) throws Exception {
        Path work = workDir(info);
        Host db = Host.builder(DB.value()).hostname("db-1").address("192.168.105.22").build();
        try (NetbootLab lab = NetbootLab.x86(LabNetworkConfig.defaults(), web(), db);
             QemuMachine webVm = QemuBackend.defaults().start(MachineSpec.builder(WEB).name("web").build(), lab.network, work);
             QemuMachine dbVm = QemuBackend.defaults().start(MachineSpec.builder(DB).name("db").build(), lab.network, work)) {

            ConsoleWatch.await(webVm, KERNEL_STARTED, BOOT_TIMEOUT);
            ConsoleWatch.await(dbVm, KERNEL_STARTED, BOOT_TIMEOUT);

            assertBootedFromItsOwnScript(lab, webVm, WEB, "web-1", null);
            assertBootedFromItsOwnScript(lab, dbVm, DB, "db-1", null);
            assertThat(ConsoleWatch.text(webVm.consoleLog())).doesNotContain("pxelab.host=db-1");
            assertThat(ConsoleWatch.text(dbVm.consoleLog())).doesNotContain("pxelab.host=web-1");
        }
    }

    /**
     * Debian's arm64 network boot path: option 93 = 11 gets the signed shim {@code bootnetaa64.efi},
     * which loads {@code grubaa64.efi}; GRUB reads the provisioner's config from its prefix over TFTP,
     * which hands over to this MAC's {@code grub.cfg} over HTTP. 25-60 s to the kernel under TCG,
     * most of it GRUB's HTTP, so it stays in the default build.
     */
    @Test
    void aarch64UefiBootsTheKernelThroughDebiansShimAndGrub(TestInfo info) throws Exception {
        try (NetbootLab lab = NetbootLab.arm64(web());
             QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(WEB).name("arm64")
                     .architecture(Architecture.AARCH64).build(), lab.network, workDir(info))) {

            double kernel = ConsoleWatch.await(vm, KERNEL_STARTED, Duration.ofSeconds(420));

            lab.await(() -> lab.tftpCompleted(WEB, "bootnetaa64.efi"), "bootnetaa64.efi over TFTP");
            lab.await(() -> lab.tftpCompleted(WEB, "grubaa64.efi"), "grubaa64.efi over TFTP");
            lab.await(() -> lab.tftpCompleted(WEB, "/debian-installer/arm64/grub/grub.cfg"), "GRUB's prefix config");
            HttpEvent config = lab.await(() -> lab.perMac(WEB, "grub.cfg"), "the per-MAC grub.cfg");
            HttpEvent linux = lab.await(() -> lab.asset(WEB, "linux"), "the kernel");
            HttpEvent initrd = lab.await(() -> lab.asset(WEB, "initrd.gz"), "the initrd");
            DhcpEvent ack = lab.await(() -> lab.ack(WEB), "a DHCP ACK");
            assertThat(ack.address()).isEqualTo(lab.addressOf(WEB));
            assertThat(ack.bootFile()).isEqualTo("bootnetaa64.efi");
            assertThat(config.time()).isAfter(ack.time()).isBefore(linux.time());
            assertThat(initrd.time()).isAfter(linux.time());
            ConsoleWatch.await(vm, Pattern.compile("command line: .*pxelab\\.host=web-1"), Duration.ofSeconds(120));
            System.out.printf("aarch64 UEFI (shim + GRUB): QEMU start -> DHCP ACK %.1f s, grub.cfg %.1f s, kernel %.1f s,"
                            + " initrd %.1f s, Linux version %.1f s%n", NetbootLab.secondsSince(vm, ack.time()),
                    NetbootLab.secondsSince(vm, config.time()), NetbootLab.secondsSince(vm, linux.time()),
                    NetbootLab.secondsSince(vm, initrd.time()), kernel);
        }
    }

    /**
     * ACK with the host's static address, then (if {@code bootFile} is given) that file over TFTP,
     * then the host's own boot.ipxe, then kernel and initrd, all to this target; and the kernel's
     * command line on the console is the one of this host's script.
     */
    private static void assertBootedFromItsOwnScript(NetbootLab lab, QemuMachine vm, MacAddress mac, String hostname,
                                                     String bootFile) throws Exception {
        DhcpEvent ack = lab.await(() -> lab.ack(mac), "a DHCP ACK to " + mac);
        HttpEvent script = lab.await(() -> lab.perMac(mac, "boot.ipxe"), mac + "'s boot.ipxe");
        HttpEvent kernel = lab.await(() -> lab.asset(mac, "vmlinuz"), mac + "'s kernel");
        HttpEvent initrd = lab.await(() -> lab.asset(mac, "installer.initrd"), mac + "'s initrd");

        assertThat(ack.address()).as("static address of " + mac).isEqualTo(lab.addressOf(mac));
        if (bootFile != null) {
            TftpEvent loader = lab.await(() -> lab.tftpCompleted(mac, bootFile), bootFile + " over TFTP");
            assertThat(loader.time()).isAfter(ack.time()).isBefore(script.time());
        }
        assertThat(script.time()).as("script after the lease").isAfter(ack.time());
        assertThat(kernel.time()).as("kernel after the script").isAfter(script.time());
        assertThat(initrd.bytes()).isPositive();
        // The kernel prints its command line a moment after "Linux version": wait for it, do not race it.
        ConsoleWatch.await(vm, Pattern.compile("Command line: .*console=ttyS0 pxelab.host=" + hostname
                + " pxelab.mac=" + mac), Duration.ofSeconds(60));
    }
}
