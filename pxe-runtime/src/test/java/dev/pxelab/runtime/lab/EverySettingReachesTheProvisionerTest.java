package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.boot.GenericInstaller;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.Host;
import dev.pxelab.runtime.provision.Limits;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import dev.pxelab.runtime.ssh.SshKey;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A lab is defined once, whichever front end defines it: each setting of the Java builder and of
 * the lab file reaches the provisioner's configuration through the one {@link ProvisioningPlan}.
 * (The annotation front end is proven equal to the builder in pxe-junit's AnnotatedLabTest.)
 */
class EverySettingReachesTheProvisionerTest {

    private static final String MAC = "52:54:00:00:00:11";

    @TempDir
    static Path dir;
    private static SshKey key;

    @BeforeAll
    static void documentsAndKey() throws Exception {
        for (String name : List.of("generic-user", "generic-meta", "generic-vendor", "generic-network",
                "own-user", "own-meta", "own-vendor", "own-network")) {
            // user-data is rewritten (the lab's key goes in), so its marker is a value, not a comment
            Files.writeString(dir.resolve(name + ".yaml"), name.endsWith("user")
                    ? "#cloud-config\nautoinstall:\n  version: 1\n  late-commands: ['echo marker " + name + "']\n"
                    : "# marker " + name + "\n");
        }
        Files.createDirectories(dir.resolve("assets"));
        // a stand-in build of the test OS: what a lab installs when it names no installer
        Path testOs = Files.createDirectories(dir.resolve("testos/x86_64"));
        for (String file : List.of("vmlinuz", "installer.initrd", "tiny-rootfs.tar")) {
            Files.writeString(testOs.resolve(file), file);
        }
        Files.createDirectories(dir.resolve("tftp"));
        Files.writeString(dir.resolve("ipxe-arm64.efi"), "an arm64 iPXE build");
        key = SshKey.generate("test");
    }

    /** One setting: how the builder and the lab file say it, and where the provisioner shows it. */
    record Setting(String name, BiConsumer<LabDefinition.Builder, TargetDefinition.Builder> builder,
                   String labYaml, String hostYaml, Consumer<ProvisionerConfig> reached) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum FrontEnd { BUILDER, LAB_FILE }

    static Stream<Arguments> settings() {
        BootProfile profile = new BootProfile("own", "k/vmlinuz", List.of("k/initrd"), "autoinstall ip=dhcp",
                "file://ESP/EFI/BOOT/BOOTX64.EFI");
        List<Setting> settings = List.of(
                new Setting("router", (lab, t) -> lab.router("192.168.105.254"), "router: 192.168.105.254", "",
                        c -> assertThat(c.clientNetwork().router()).get().extracting(Inet4Address::getHostAddress)
                                .isEqualTo("192.168.105.254")),
                new Setting("dns", (lab, t) -> lab.dnsServer("192.168.105.53").dnsServer("192.168.105.54"),
                        "dns: [192.168.105.53, 192.168.105.54]", "",
                        c -> assertThat(c.clientNetwork().dnsServers()).extracting(Inet4Address::getHostAddress)
                                .containsExactly("192.168.105.53", "192.168.105.54")),
                new Setting("domain", (lab, t) -> lab.domainName("lab.example"), "domain: lab.example", "",
                        c -> assertThat(c.clientNetwork().domainName()).contains("lab.example")),
                new Setting("generic user-data", (lab, t) -> lab.genericUserData(doc("generic-user")),
                        "user-data: generic-user.yaml", "",
                        c -> assertThat(text(c.genericData().userData())).contains("marker generic-user")),
                new Setting("generic meta-data", (lab, t) -> lab.genericMetaData(doc("generic-meta")),
                        "meta-data: generic-meta.yaml", "",
                        c -> assertThat(text(c.genericData().metaData())).contains("marker generic-meta")),
                new Setting("generic vendor-data", (lab, t) -> lab.genericVendorData(doc("generic-vendor")),
                        "vendor-data: generic-vendor.yaml", "",
                        c -> assertThat(text(c.genericData().vendorData())).contains("marker generic-vendor")),
                new Setting("generic network-config", (lab, t) -> lab.genericNetworkConfig(doc("generic-network")),
                        "network-config: generic-network.yaml", "",
                        c -> assertThat(text(c.genericData().networkConfig())).contains("marker generic-network")),
                new Setting("installer", (lab, t) -> lab.installer(new GenericInstaller(profile, dir.resolve("assets")))
                        .assetRoot(dir.resolve("assets")),
                        "assets: assets\nprofile:\n  name: own\n  kernel: k/vmlinuz\n  initrds: [k/initrd]\n"
                                + "  cmdline: autoinstall ip=dhcp\n  uefi-loader: file://ESP/EFI/BOOT/BOOTX64.EFI", "",
                        c -> {
                            assertThat(c.defaultProfile()).isEqualTo(profile);
                            assertThat(host(c).profile()).isEqualTo(profile);
                            assertThat(c.assetRoot()).contains(dir.resolve("assets"));
                        }),
                new Setting("pool", (lab, t) -> lab.pool("192.168.105.100-192.168.105.109"),
                        "pool: 192.168.105.100-192.168.105.109", "",
                        c -> assertThat(c.pool()).get().extracting(p -> p.last().getHostAddress())
                                .isEqualTo("192.168.105.109")),
                new Setting("ports", (lab, t) -> lab.ports(1067, 1069, 8080),
                        "dhcp-port: 1067\ntftp-port: 1069\nhttp-port: 8080", "",
                        c -> assertThat(List.of(c.dhcpPort(), c.tftpPort(), c.httpPort())).containsExactly(1067, 1069, 8080)),
                new Setting("limits", (lab, t) -> lab.limits(Limits.DEFAULTS.withTftpTransfers(8, 2)
                                .withOfferHold(Duration.ofSeconds(3))),
                        "limits:\n  tftp-transfers: 8\n  tftp-transfers-per-client: 2\n  offer-hold: 3s", "",
                        c -> assertThat(c.limits()).isEqualTo(Limits.DEFAULTS.withTftpTransfers(8, 2)
                                .withOfferHold(Duration.ofSeconds(3)))),
                new Setting("tftp root", (lab, t) -> lab.tftpRoot(dir.resolve("tftp")), "tftp-root: tftp", "",
                        c -> assertThat(c.tftpRoot()).contains(dir.resolve("tftp"))),
                new Setting("arm64 loader", (lab, t) -> lab.arm64Loader(dir.resolve("ipxe-arm64.efi")),
                        "arm64-loader: ipxe-arm64.efi", "", c -> {
                            assertThat(c.bootLoaders().bootFiles().arm64Uefi()).isEqualTo("ipxe-arm64.efi");
                            assertThat(c.bootLoaders().files()).containsEntry("ipxe-arm64.efi", dir.resolve("ipxe-arm64.efi"));
                        }),
                new Setting("target hostname", (lab, t) -> t.hostname("web-1"), "", "hostname: web-1",
                        c -> assertThat(host(c).hostname()).isEqualTo("web-1")),
                new Setting("target address", (lab, t) -> t.address("192.168.105.50"), "", "address: 192.168.105.50",
                        c -> assertThat(c.addresses().get(MacAddress.of(MAC)).getHostAddress()).isEqualTo("192.168.105.50")),
                new Setting("target firmware", (lab, t) -> t.firmware(Firmware.UEFI), "", "firmware: uefi",
                        c -> assertThat(host(c).firmware()).isEqualTo(Firmware.UEFI)),
                new Setting("target user-data", (lab, t) -> t.userData(doc("own-user")), "", "user-data: own-user.yaml",
                        c -> assertThat(text(host(c).data().userData())).contains("marker own-user")),
                new Setting("target meta-data", (lab, t) -> t.metaData(doc("own-meta")), "", "meta-data: own-meta.yaml",
                        c -> assertThat(text(host(c).data().metaData())).contains("marker own-meta")),
                new Setting("target vendor-data", (lab, t) -> t.vendorData(doc("own-vendor")), "",
                        "vendor-data: own-vendor.yaml",
                        c -> assertThat(text(host(c).data().vendorData())).contains("marker own-vendor")),
                new Setting("target network-config", (lab, t) -> t.networkConfig(doc("own-network")), "",
                        "network-config: own-network.yaml",
                        c -> assertThat(text(host(c).data().networkConfig())).contains("marker own-network")),
                new Setting("target installer", (lab, t) -> t.installer(new GenericInstaller(profile, null)), "",
                        "profile:\n      name: own\n      kernel: k/vmlinuz\n      initrds: [k/initrd]\n"
                                + "      cmdline: autoinstall ip=dhcp\n      uefi-loader: file://ESP/EFI/BOOT/BOOTX64.EFI",
                        c -> assertThat(host(c).profile()).isEqualTo(profile)));
        return settings.stream().flatMap(s -> Stream.of(FrontEnd.values()).map(f -> Arguments.of(s, f)));
    }

    @ParameterizedTest(name = "{0} from the {1}")
    @MethodSource("settings")
    void eachSettingReachesTheProvisioner(Setting setting, FrontEnd frontEnd) throws Exception {
        LabDefinition definition = switch (frontEnd) {
            case BUILDER -> {
                LabDefinition.Builder lab = LabDefinition.builder();
                TargetDefinition.Builder target = TargetDefinition.builder(MAC);
                setting.builder().accept(lab, target);
                yield lab.target(target.build()).build();
            }
            case LAB_FILE -> LabFile.read(Files.writeString(Files.createTempFile(dir, "lab", ".yaml"),
                    "interface: pxbr0\naddress: 192.168.105.1/24\n" + setting.labYaml() + "\nhosts:\n  - mac: " + MAC
                            + "\n" + (setting.hostYaml().isEmpty() ? "" : "    " + setting.hostYaml() + "\n")));
        };

        LabDefinition withTestOs = LabProperties.from(p -> p.equals(LabProperties.TEST_OS_DIR)
                ? dir.resolve("testos").toString() : null).applyTo(definition.toBuilder()).build();
        ProvisionerConfig config = ProvisioningPlan.forLab(withTestOs, "pxbr0", "192.168.105.1/24", key, Optional.empty()).config();

        setting.reached().accept(config);
    }

    /** B7: reports are accepted only with the host's key, so the webhook the lab injects must carry it. */
    @Test
    void theWebhookALabInjectsCarriesTheHostsReportKey() {
        LabDefinition definition = LabProperties.from(p -> p.equals(LabProperties.TEST_OS_DIR)
                ? dir.resolve("testos").toString() : null).applyTo(LabDefinition.builder()
                .target(TargetDefinition.builder(MAC).build())).build();

        ProvisionerConfig config = ProvisioningPlan.forLab(definition, "pxbr0", "192.168.105.1/24", key, Optional.empty()).config();

        String reportKey = config.reportKeys().keyOf(MacAddress.of(MAC));
        assertThat(reportKey).hasSize(22);
        assertThat(text(host(config).data().userData()))
                .contains("endpoint: http://192.168.105.1/" + MAC + "/events?key=" + reportKey);
        assertThat(config.reportKeys().keyOf(MacAddress.of("52:54:00:00:00:99"))).isNotEqualTo(reportKey);
    }

    private static Document doc(String name) {
        return Document.of(dir.resolve(name + ".yaml"));
    }

    private static Host host(ProvisionerConfig config) {
        return config.hosts().stream().filter(h -> h.mac().equals(MacAddress.of(MAC))).findFirst().orElseThrow();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
