package dev.pxelab.runtime.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.testing.PeerNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.ArrayList;

/**
 * The provisioner as a machine on the lab network meets it: one real client after another
 * (udhcpc, busybox tftp, curl) walks a host through DHCP, boot, install and the local boot after
 * it, and the provisioner's per-host state follows.
 */
class ProvisionerTest {

    static final MacAddress WEB = MacAddress.of("52:54:00:00:00:11");
    static final BootProfile INSTALLER = new BootProfile("installer", "installer/vmlinuz",
            List.of("installer/initrd"), "autoinstall ds=nocloud-net;s=http://${server}/${mac}/ console=ttyS0");
    static final String FINISH_EVENT = "{\"name\": \"subiquity/Install\", \"description\": \"install\","
            + " \"event_type\": \"finish\", \"origin\": \"curtin\", \"timestamp\": 1700000000.5,"
            + " \"level\": \"INFO\", \"result\": \"%s\"}";

    @TempDir
    Path dir;

    @Test
    void noRouterDnsOrDomainUnlessTheLabSaysSoThenRealClientsGetThem() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB.value());
             Provisioner bare = Provisioner.start(Provisioner.builder()
                     .interfaceName(peer.hostSide()).labAddress("192.168.105.1/24").defaultProfile(INSTALLER)
                     .host(Host.builder(WEB).hostname("web-1").build()).build())) {
            assertThat(udhcpc(peer).output()).contains("ip=192.168.105.10")
                    .doesNotContain("router=", "dns=", "domain=");
        }
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB.value());
             Provisioner routed = Provisioner.start(Provisioner.builder()
                     .interfaceName(peer.hostSide()).labAddress("192.168.105.1/24").defaultProfile(INSTALLER)
                     .router("192.168.105.254").dnsServer("192.168.105.53").domainName("lab.example")
                     .host(Host.builder(WEB).hostname("web-1").build()).build())) {
            assertThat(udhcpc(peer).output())
                    .contains("router=192.168.105.254", "dns=192.168.105.53", "domain=lab.example");
        }
    }

    @Test
    void aHostGoesFromDhcpThroughInstallToLocalBoot() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB.value());
             Provisioner lab = Provisioner.start(Provisioner.builder()
                     .interfaceName(peer.hostSide()).labAddress("192.168.105.1/24")
                     .defaultProfile(INSTALLER)
                     .genericUserData("#cloud-config\nautoinstall:\n  version: 1\n")
                     .host(Host.builder(WEB).hostname("web-1").userData("#cloud-config\n# web\n").build())
                     .build())) {
            String lease = udhcpc(peer, "-x", "0x4d:69505845").output();
            assertThat(lease).contains("ip=192.168.105.10", "hostname=web-1",
                    "boot_file=http://192.168.105.1/52:54:00:00:00:11/boot.ipxe");
            assertThat(lab.status(WEB).orElseThrow().state()).isEqualTo(HostState.DHCP);

            peer.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.105.10/24", "dev", peer.peerSide())
                    .assertSucceeded();
            String script = curl(peer, "http://192.168.105.1/52:54:00:00:00:11/boot.ipxe");
            assertThat(script).startsWith("#!ipxe")
                    .contains("installer/vmlinuz", "s=http://192.168.105.1/52:54:00:00:00:11/");
            assertThat(lab.status(WEB).orElseThrow().state()).isEqualTo(HostState.BOOTING);

            Path loader = dir.resolve("undionly.kpxe");
            peer.run(Duration.ofSeconds(10), "busybox", "tftp", "-g", "-r", "undionly.kpxe", "-l", loader.toString(),
                    "192.168.105.1").assertSucceeded();
            assertThat(Files.mismatch(loader, Path.of("/usr/lib/ipxe/undionly.kpxe"))).isEqualTo(-1);
            // UEFI HTTP boot is sent to http://<server>/snponly.efi: the same loaders over HTTP.
            Path overHttp = dir.resolve("snponly.efi");
            peer.run(Duration.ofSeconds(10), "curl", "-sS", "--fail", "-o", overHttp.toString(),
                    "http://192.168.105.1/snponly.efi").assertSucceeded();
            assertThat(Files.mismatch(overHttp, Path.of("/usr/lib/ipxe/snponly.efi"))).isEqualTo(-1);

            assertThat(curl(peer, "http://192.168.105.1/52:54:00:00:00:11/user-data")).isEqualTo("#cloud-config\n# web\n");
            assertThat(curl(peer, "http://192.168.105.1/52:54:00:00:00:11/meta-data")).contains("local-hostname: \"web-1\"");
            assertThat(lab.status(WEB).orElseThrow().state()).isEqualTo(HostState.INSTALLING);

            postEvent(peer, FINISH_EVENT.formatted("SUCCESS"));
            HostStatus installed = lab.status(WEB).orElseThrow();
            assertThat(installed.state()).isEqualTo(HostState.INSTALLED);
            assertThat(installed.changes()).extracting(StateChange::state).containsExactly(
                    HostState.DHCP, HostState.BOOTING, HostState.INSTALLING, HostState.INSTALLED);

            // The installed machine reboots: DHCP and its boot script again, but now it is sent to its disk.
            udhcpc(peer, "-x", "0x4d:69505845");
            assertThat(curl(peer, "http://192.168.105.1/52:54:00:00:00:11/boot.ipxe"))
                    .doesNotContain("vmlinuz").containsAnyOf("sanboot", "exit");
            assertThat(lab.status(WEB).orElseThrow().state()).isEqualTo(HostState.INSTALLED);

            lab.reinstall(WEB);
            assertThat(curl(peer, "http://192.168.105.1/52:54:00:00:00:11/boot.ipxe")).contains("installer/vmlinuz");
            assertThat(lab.status(WEB).orElseThrow().installGeneration()).isEqualTo(2);
        }
    }

    @Test
    void aFailedInstallIsFinalAndKeepsItsCause() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB.value());
             Provisioner lab = Provisioner.start(Provisioner.builder()
                     .interfaceName(peer.hostSide()).labAddress("192.168.105.1/24").defaultProfile(INSTALLER)
                     .host(Host.builder(WEB).address("192.168.105.20").build()).build())) {
            udhcpc(peer);
            peer.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.105.20/24", "dev", peer.peerSide())
                    .assertSucceeded();
            postEvent(peer, FINISH_EVENT.formatted("FAIL").replace("\"description\": \"install\"",
                    "\"description\": \"late-commands: exit status 3\""));
            postEvent(peer, FINISH_EVENT.formatted("SUCCESS"));

            HostStatus status = lab.status(WEB).orElseThrow();
            assertThat(status.state()).isEqualTo(HostState.FAILED);
            assertThat(status.failure()).get().extracting(e -> e.description()).isEqualTo("late-commands: exit status 3");
        }
    }

    @Test
    void aMacTheLabDoesNotKnowGetsNoAddressAndNoScript() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", "52:54:00:99:99:99");
             Provisioner lab = Provisioner.start(Provisioner.builder()
                     .interfaceName(peer.hostSide()).labAddress("192.168.105.1/24").defaultProfile(INSTALLER)
                     .host(Host.builder(WEB).build()).build())) {
            assertThat(peer.run(Duration.ofSeconds(10), udhcpcCommand(peer, "-t", "2")).output()).doesNotContain("ip=");
            peer.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.105.99/24", "dev", peer.peerSide())
                    .assertSucceeded();
            assertThat(peer.run(Duration.ofSeconds(10), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "http://192.168.105.1/52:54:00:99:99:99/boot.ipxe").output()).isEqualTo("404");
            assertThat(lab.status(MacAddress.of("52:54:00:99:99:99"))).isEmpty();
        }
    }

    @Test
    void configurationMistakesAreNamedBeforeAnythingStarts() {
        assertThatThrownBy(() -> Provisioner.builder().interfaceName("br0").labAddress("192.168.105.1/24")
                .host(Host.builder(WEB).build()).host(Host.builder("52-54-00-00-00-11").build()))
                .hasMessage("host 52:54:00:00:00:11 is declared twice");
        assertThatThrownBy(() -> Provisioner.builder().interfaceName("br0").labAddress("192.168.105.1/24")
                .host(Host.builder(WEB).address("192.168.106.5").build()).build())
                .hasMessage("host 52:54:00:00:00:11: address 192.168.106.5 is not a host address in the lab's"
                        + " subnet 192.168.105.0/24");
        assertThatThrownBy(() -> Provisioner.builder().interfaceName("br0").labAddress("192.168.105.1/24")
                .host(Host.builder(WEB).address("192.168.105.1").build()).build())
                .hasMessage("host 52:54:00:00:00:11: address 192.168.105.1 is already the provisioner's own address");
        assertThatThrownBy(() -> Host.builder("52:54:00:00:00").build())
                .hasMessageContaining("'52:54:00:00:00' is not a MAC address");
        assertThatThrownBy(() -> Host.builder(WEB).userData(dir.resolve("missing.yaml")))
                .hasMessage("52:54:00:00:00:11: user-data file " + dir.resolve("missing.yaml") + " does not exist");
    }

    private PeerNamespace.ProcessResult udhcpc(PeerNamespace peer, String... extra) throws Exception {
        return peer.run(Duration.ofSeconds(15), udhcpcCommand(peer, extra)).assertSucceeded();
    }

    private String[] udhcpcCommand(PeerNamespace peer, String... extra) throws Exception {
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env | sort\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = new ArrayList<>(List.of("busybox", "udhcpc", "-i", peer.peerSide(), "-n", "-q",
                "-f", "-t", "3", "-T", "1", "-s", script.toString(), "-O", "hostname", "-O", "bootfile"));
        cmd.addAll(List.of(extra));
        return cmd.toArray(String[]::new);
    }

    private static String curl(PeerNamespace peer, String url) throws Exception {
        return peer.run(Duration.ofSeconds(10), "curl", "-sS", "--fail", url).assertSucceeded().output();
    }

    private static void postEvent(PeerNamespace peer, String json) throws Exception {
        peer.run(Duration.ofSeconds(10), "curl", "-sS", "--fail", "-H", "Content-Type: application/json",
                "--data-binary", json, "http://192.168.105.1/52:54:00:00:00:11/events").assertSucceeded();
    }
}
