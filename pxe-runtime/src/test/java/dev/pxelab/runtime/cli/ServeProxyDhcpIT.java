package dev.pxelab.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsInstaller;
import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.qemu.IpxePrompt;
import dev.pxelab.runtime.qemu.QemuBackend;
import dev.pxelab.runtime.qemu.QemuMachine;
import dev.pxelab.runtime.testing.ForeignDhcpServer;
import dev.pxelab.runtime.testing.PeerNamespace;
import dev.pxelab.runtime.testing.PeerNamespace.ProcessResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A real PXE boot against {@code pxelab serve --interface --proxy-dhcp}: SeaBIOS with QEMU's iPXE
 * ROM, started as a plain {@code -boot n} (nobody presses iPXE's key), on a bridge that another
 * DHCP server (busybox udhcpd, in a namespace of its own) hands out addresses on. The machine gets
 * its address from udhcpd, its boot script from pxelab's proxy, and boots the test OS's kernel.
 */
class ServeProxyDhcpIT {

    static final MacAddress MAC = MacAddress.of("52:54:00:00:00:51");

    @Test
    void aBiosMachineBootsFromTheProxyWhileAnotherServerGivesItsAddress() throws Exception {
        String out = bootThroughTheProxy(MachineSpec.builder(MAC).name("proxied-bios").build());

        // This iPXE takes the boot file straight from the proxy's offer (it carries siaddr and a
        // file name), so it needs no request on port 4011.
        assertThat(out).contains("DHCP OFFER 52:54:00:00:00:51 boot http://");
    }

    /**
     * EDK2's own PXE takes snponly.efi from the proxy's offer (discovery control 8 and a file name:
     * no request on port 4011 either), loads it over TFTP from its new address, and the iPXE in it
     * asks DHCP again and gets its script from the proxy.
     */
    @Test
    void aUefiMachineWithoutNicRomLoadsSnponlyOverTftpAndChainsIntoIpxe() throws Exception {
        String out = bootThroughTheProxy(MachineSpec.builder(MAC).name("proxied-uefi").firmware(Firmware.UEFI)
                .nicRom(false).build());

        assertThat(out).contains("DHCP OFFER 52:54:00:00:00:51 boot snponly.efi")
                .containsPattern("TFTP COMPLETED snponly\\.efi to ")
                .contains("DHCP OFFER 52:54:00:00:00:51 boot http://");
    }

    /** Boots {@code spec} to the kernel through serve's proxy next to udhcpd; returns what serve printed. */
    private static String bootThroughTheProxy(MachineSpec spec) throws Exception {
        Path work = Files.createDirectories(Path.of("target/pxelab/ServeProxyDhcpIT", spec.name()).toAbsolutePath());
        Path assets = TestOsInstaller.of(TestOs.TINY).assetRoot().orElseThrow();
        // The segment's bridge as other tooling leaves it: an address, no router advertisements.
        try (LabNetwork segment = LabNetwork.create(LabNetworkConfig.builder().routerAdvertisements(false).build());
             PeerNamespace dhcpHost = PeerNamespace.create(null)) {
            String server = segment.serverAddress().getHostAddress();
            String prefix = server.substring(0, server.lastIndexOf('.') + 1);
            ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "link", "set", dhcpHost.hostSide(), "master",
                    segment.bridgeName())).assertSucceeded();
            Path lab = work.resolve("lab.yaml");
            Files.writeString(lab, """
                    address: %s
                    assets: %s
                    profile:
                      kernel: x86_64/vmlinuz
                      initrds: [x86_64/installer.initrd]
                      cmdline: console=ttyS0 pxelab.host=proxied
                    hosts:
                      - mac: %s
                    """.formatted(segment.subnet().cidrOf(segment.serverAddress()), assets, MAC));
            try (ForeignDhcpServer udhcpd = ForeignDhcpServer.udhcpd(dhcpHost, prefix + "2/24", prefix + "100",
                         prefix + "150", work);
                 ServeRun serve = ServeRun.start(lab, "--interface", segment.bridgeName(), "--proxy-dhcp", "--ipv6-ra")) {
                serve.awaitServing();
                assertThat(serve.out()).contains("other DHCP server(s): " + prefix + "2",
                        "IPv6 router advertisements sent");

                QemuBackend plainQemu = QemuBackend.builder().ipxePrompt(IpxePrompt.WAIT).build();
                try (QemuMachine machine = plainQemu.start(spec, segment, work)) {
                    Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                            .failFast("QEMU exited", () -> !machine.isRunning())
                            .until(() -> console(machine).contains("Linux version"));

                    assertThat(console(machine)).contains("pxelab.host=proxied");
                    String leased = prefix.replace(".", "\\.") + "1[0-5]\\d";
                    assertThat(serve.out())
                            .contains("DHCP OFFER 52:54:00:00:00:51 boot http://" + server + "/52:54:00:00:00:51/boot.ipxe")
                            .containsPattern("DHCP REQUEST 52:54:00:00:00:51 " + leased)
                            .containsPattern("HTTP GET /assets/x86_64/vmlinuz -> 200 \\(\\d+ bytes\\) for " + leased)
                            .containsPattern("HTTP GET \\S*boot\\.ipxe -> 200");
                    return serve.out();
                }
            }
        }
    }

    private static String console(QemuMachine machine) throws Exception {
        return Files.exists(machine.consoleLog())
                ? new String(Files.readAllBytes(machine.consoleLog()), StandardCharsets.ISO_8859_1) : "";
    }
}
