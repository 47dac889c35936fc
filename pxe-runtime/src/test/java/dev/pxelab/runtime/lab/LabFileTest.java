package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.dhcp.DhcpMode;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.Host;
import dev.pxelab.runtime.provision.Limits;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import dev.pxelab.runtime.provision.Segment;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab file is what {@code pxelab serve} runs: it parses into a lab definition, from which the
 * provisioner's configuration is derived as for any lab. Every mistake in it names file, line and column.
 */
class LabFileTest {

    @TempDir
    Path dir;

    @Test
    void readsALabWithHostsProfileAndDocumentsRelativeToTheFile() throws Exception {
        Files.writeString(dir.resolve("web.yaml"), "#cloud-config\n");
        Files.writeString(dir.resolve("generic.yaml"), "#cloud-config\n# generic\n");
        Files.createDirectories(dir.resolve("assets"));
        Path file = write("""
                interface: pxbr0
                address: 192.168.105.1/24
                http-port: 8080
                assets: assets
                pool: 192.168.105.100-192.168.105.109
                router: 192.168.105.254
                dns: [192.168.105.53, 192.168.105.54]
                domain: lab.example
                user-data: generic.yaml
                profile:
                  kernel: testos/vmlinuz
                  initrds: [testos/installer.initrd]
                  cmdline: autoinstall ds=nocloud-net;s=http://${server}/${mac}/ console=ttyS0
                  uefi-loader: file://ESP/EFI/BOOT/BOOTX64.EFI
                hosts:
                  - mac: 52:54:00:00:00:11
                    hostname: web-1
                    user-data: web.yaml
                    firmware: uefi
                  - mac: 52-54-00-00-00-12
                    address: 192.168.105.50
                """);

        ProvisionerConfig lab = LabFile.serving(LabProperties.from(key -> null), file).provisioner();

        assertThat(lab.interfaceName()).isEqualTo("pxbr0");
        assertThat(lab.serverAddress().getHostAddress()).isEqualTo("192.168.105.1");
        assertThat(lab.httpPort()).isEqualTo(8080);
        assertThat(lab.assetRoot()).contains(dir.resolve("assets"));
        assertThat(lab.pool()).get().extracting(p -> p.first().getHostAddress()).isEqualTo("192.168.105.100");
        assertThat(new String(lab.genericData().userData(), StandardCharsets.UTF_8)).contains("# generic");
        assertThat(lab.defaultProfile().commandLine()).isEqualTo(
                "autoinstall ds=nocloud-net;s=http://${server}/${mac}/ console=ttyS0");
        assertThat(lab.defaultProfile().uefiLoader()).isEqualTo("file://ESP/EFI/BOOT/BOOTX64.EFI");
        assertThat(lab.clientNetwork().router()).get().extracting(Inet4Address::getHostAddress)
                .isEqualTo("192.168.105.254");
        assertThat(lab.clientNetwork().dnsServers()).extracting(Inet4Address::getHostAddress)
                .containsExactly("192.168.105.53", "192.168.105.54");
        assertThat(lab.clientNetwork().domainName()).contains("lab.example");
        assertThat(lab.hosts()).extracting(Host::mac).containsExactly(
                MacAddress.of("52:54:00:00:00:11"), MacAddress.of("52:54:00:00:00:12"));
        Host web = lab.hosts().get(0);
        assertThat(web.hostname()).isEqualTo("web-1");
        assertThat(web.firmware()).isEqualTo(Firmware.UEFI);
        assertThat(lab.hosts().get(1).firmware()).as("a real machine whose file does not say").isNull();
        assertThat(lab.addresses().get(web.mac()).getHostAddress()).isEqualTo("192.168.105.10");
        assertThat(lab.addresses().get(lab.hosts().get(1).mac()).getHostAddress()).isEqualTo("192.168.105.50");
    }

    @Test
    void aMalformedMacIsReportedWhereItStands() throws Exception {
        Path file = write("""
                interface: pxbr0
                address: 192.168.105.1/24
                hosts:
                  - mac: 52:54:00:00:11
                """);
        assertThatThrownBy(() -> LabFile.read(file))
                .hasMessage(file + ":4:10: '52:54:00:00:11' is not a MAC address: expected six hex pairs separated"
                        + " by ':' or '-', e.g. 52:54:00:12:34:56");
    }

    @Test
    void brokenYamlUnknownKeysAndMissingFilesAreNamed() throws Exception {
        Path broken = write("interface: pxbr0\nhosts: [\n");
        assertThatThrownBy(() -> LabFile.read(broken)).hasMessageStartingWith(broken + ":3:1: not valid YAML:");

        Path typo = write("interface: pxbr0\naddress: 192.168.105.1/24\nhost:\n  - mac: 52:54:00:00:00:11\n");
        assertThatThrownBy(() -> LabFile.read(typo)).hasMessageStartingWith(typo + ":3:1: unknown key 'host' in the lab;");

        Path missing = write("interface: pxbr0\naddress: 192.168.105.1/24\nuser-data: nowhere.yaml\n");
        assertThatThrownBy(() -> LabFile.read(missing)).hasMessage(missing + ":3:12: file "
                + dir.resolve("nowhere.yaml") + " does not exist");

        Path noAddress = write("interface: pxbr0\n");
        assertThatThrownBy(() -> LabFile.read(noAddress)).hasMessage(noAddress
                + ":1:1: the lab needs an address: the provisioner's own, with the lab's prefix,"
                + " e.g. address: 192.168.105.1/24");
    }

    @Test
    void anExistingInterfaceIsServedAsItIsAndProbedFirst() throws Exception {
        Path lab = write("interface: enp3s0\nexisting-interface: true\naddress: 192.168.105.1/24\n"
                + "hosts:\n  - mac: 52:54:00:00:00:11\n");

        ProvisionerConfig config = LabFile.serving(LabProperties.from(p -> null), lab).provisioner();

        assertThat(config.interfaceName()).isEqualTo("enp3s0");
        assertThat(config.segment()).as("someone else's network: probed, no router advertisements unless asked")
                .isEqualTo(Segment.existing(DhcpMode.SERVER, false));
    }

    @Test
    void proxyDhcpAndRouterAdvertisementsAreSettingsOfTheExistingInterface() throws Exception {
        Path lab = write("interface: virbr1\nexisting-interface: true\ndhcp: proxy\nipv6-ra: true\n"
                + "address: 192.168.105.1/24\nhosts:\n  - mac: 52:54:00:00:00:11\n");

        ProvisionerConfig config = LabFile.serving(LabProperties.from(p -> null), lab).provisioner();

        assertThat(config.segment()).isEqualTo(Segment.existing(DhcpMode.PROXY, true));
        assertThat(config.addresses()).as("the segment's own server gives the addresses").isEmpty();
    }

    @Test
    void aBridgeServeCreatesIsItsOwnAndAdvertisesThroughTheBridge() throws Exception {
        Path lab = write("interface: pxbr0\naddress: 192.168.105.1/24\n");

        LabFile.Served served = LabFile.serving(LabProperties.from(p -> null), lab);

        assertThat(served.provisioner().segment()).isEqualTo(Segment.OWN_BRIDGE);
        assertThat(served.definition().network().routerAdvertisements()).isTrue();
    }

    @Test
    void theCommandLineNamesTheInterfaceWhenTheFileDoesNot() throws Exception {
        Path lab = write("address: 192.168.105.1/24\n");

        LabFile.Served served = LabFile.serving(LabProperties.from(p -> null), lab,
                builder -> builder.interfaceName("eth1").existingInterface(true));

        assertThat(served.provisioner().interfaceName()).isEqualTo("eth1");
        assertThat(served.definition().network().routerAdvertisements()).isFalse();
    }

    @Test
    void segmentMistakesAreReportedWhereTheyStand() throws Exception {
        Path badMode = write("interface: eth1\nexisting-interface: true\ndhcp: relay\naddress: 192.168.105.1/24\n");
        assertThatThrownBy(() -> LabFile.read(badMode))
                .hasMessage(badMode + ":3:7: dhcp must be server or proxy, not 'relay'");

        Path badFlag = write("interface: eth1\nexisting-interface: yes\naddress: 192.168.105.1/24\n");
        assertThatThrownBy(() -> LabFile.read(badFlag))
                .hasMessage(badFlag + ":2:21: expected true or false, not 'yes'");

        Path proxyOnOwnBridge = write("interface: pxbr0\ndhcp: proxy\naddress: 192.168.105.1/24\n");
        assertThatThrownBy(() -> LabFile.read(proxyOnOwnBridge)).hasMessageStartingWith(proxyOnOwnBridge + ":1:1: ")
                .hasMessageContaining("proxy DHCP serves next to another DHCP server on an existing interface");

        Path proxyWithAddress = write("interface: eth1\nexisting-interface: true\ndhcp: proxy\n"
                + "address: 192.168.105.1/24\nhosts:\n  - mac: 52:54:00:00:00:11\n    address: 192.168.105.11\n");
        assertThatThrownBy(() -> LabFile.serving(LabProperties.from(p -> null), proxyWithAddress))
                .hasMessageContaining("host 52:54:00:00:00:11: address 192.168.105.11: with proxy DHCP the segment's"
                        + " own DHCP server gives the addresses");
    }

    @Test
    void limitsAreReadWithUnitsAndDefaultWhereNotGiven() throws Exception {
        Path file = write("""
                interface: pxbr0
                address: 192.168.105.1/24
                limits:
                  events-per-host: 200
                  offer-hold: 5s
                  tftp-transfer-lifetime: 2m
                  http-read-timeout: 1500ms
                  http-body-bytes: 256KiB
                  tftp-netascii-bytes: 2MiB
                """);

        Limits limits = LabFile.read(file).limits();

        assertThat(limits).isEqualTo(Limits.DEFAULTS.withEventsPerHost(200).withOfferHold(Duration.ofSeconds(5))
                .withTftpTimeouts(Limits.DEFAULTS.tftpMaxTimeout(), Duration.ofMinutes(2))
                .withHttpTimeouts(Limits.DEFAULTS.httpRequestTimeout(), Limits.DEFAULTS.httpIdleTimeout(),
                        Duration.ofMillis(1500))
                .withHttpBodyBytes(256 * 1024).withTftpNetasciiBytes(2 << 20));
        assertThat(LabFile.read(write("interface: pxbr0\naddress: 192.168.105.1/24\n")).limits())
                .isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void aBadLimitIsReportedWhereItStands() throws Exception {
        Path file = write("interface: pxbr0\naddress: 192.168.105.1/24\nlimits:\n  offer-hold: forever\n");

        assertThatThrownBy(() -> LabFile.read(file)).hasMessage(file + ":4:15: offer-hold: expected a positive"
                + " duration such as 500ms, 30s, 10m or 1h, not 'forever'");
    }

    private Path write(String text) throws Exception {
        Path file = Files.createTempFile(dir, "lab", ".yaml");
        Files.writeString(file, text);
        return file;
    }
}
