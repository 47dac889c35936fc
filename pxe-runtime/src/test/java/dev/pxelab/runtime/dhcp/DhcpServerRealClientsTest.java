package dev.pxelab.runtime.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.testing.PeerNamespace;
import dev.pxelab.runtime.testing.PeerNamespace.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pxelab's server against DHCP clients nobody here wrote: busybox udhcpc and ISC dhclient, each in
 * a namespace of its own behind a veth, with the MAC a lab target would have.
 */
class DhcpServerRealClientsTest {

    static final String WEB_MAC = "52:54:00:00:00:11";

    @TempDir
    Path dir;

    final List<ProvisioningEvent> events = new CopyOnWriteArrayList<>();

    static DhcpServerConfig.Builder lab(PeerNamespace peer) {
        return DhcpServerConfig.builder(peer.hostSide(), Ipv4.parse("192.168.105.1"), 24)
                .staticLease(WEB_MAC, "192.168.105.11", "web-1")
                .router(Ipv4.parse("192.168.105.1"))
                .dnsServer(Ipv4.parse("192.168.105.1"))
                .domainName("lab.test");
    }

    @Test
    void udhcpcGetsTheStaticAddressAndHostnameOfItsMac() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB_MAC);
             DhcpServer server = DhcpServer.start(lab(peer).build(), events::add)) {
            String out = udhcpc(peer).assertSucceeded().output();
            assertThat(out).contains("ip=192.168.105.11", "hostname=web-1", "serverid=192.168.105.1",
                    "subnet=255.255.255.0", "router=192.168.105.1", "domain=lab.test", "lease=3600");
            awaitEvents(4);
            // under load udhcpc may repeat a DISCOVER; the order is what matters
            assertThat(events).extracting(e -> ((DhcpEvent) e).type()).containsSubsequence(
                    DhcpEvent.Type.DISCOVER, DhcpEvent.Type.OFFER, DhcpEvent.Type.REQUEST, DhcpEvent.Type.ACK);
            // the counter moves just after the send, so the client may finish first
            await().atMost(Duration.ofSeconds(2)).until(() -> server.stats().replies() == 2);
        }
    }

    @Test
    void aPlainDhcpClientGetsNoBootFile() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB_MAC);
             DhcpServer server = DhcpServer.start(lab(peer).build(), events::add)) {
            String out = udhcpc(peer).assertSucceeded().output();
            assertThat(out).contains("ip=192.168.105.11").doesNotContain("boot_file=");
        }
    }

    @Test
    void aBiosPxeClientIsSentUndionlyOverTftp() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB_MAC);
             DhcpServer server = DhcpServer.start(lab(peer).build(), events::add)) {
            String out = udhcpc(peer, "-V", "PXEClient:Arch:00000:UNDI:002001", "-x", "0x5d:0000").assertSucceeded()
                    .output();
            assertThat(out).contains("ip=192.168.105.11", "boot_file=undionly.kpxe", "siaddr=192.168.105.1");
            awaitEvents(4);
            assertThat(events).filteredOn(e -> ((DhcpEvent) e).type() == DhcpEvent.Type.ACK)
                    .extracting(e -> ((DhcpEvent) e).bootFile()).containsExactly("undionly.kpxe");
        }
    }

    @Test
    void anIpxeClientIsSentTheUrlOfItsOwnScript() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB_MAC);
             DhcpServer server = DhcpServer.start(lab(peer).build(), events::add)) {
            // user class "iPXE", sent bare the way iPXE does
            String out = udhcpc(peer, "-x", "0x4d:69505845").assertSucceeded().output();
            assertThat(out).contains("boot_file=http://192.168.105.1/52:54:00:00:00:11/boot.ipxe");
        }
    }

    @Test
    void dhclientGetsTheStaticAddressAndHostnameOfItsMac() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB_MAC);
             DhcpServer server = DhcpServer.start(lab(peer).build(), events::add)) {
            Path out = dir.resolve("dhclient.env");
            Path script = script("dhclient.sh", "#!/bin/sh\n[ \"$reason\" = BOUND ] && env | sort >> " + out + "\nexit 0\n");
            Path conf = dir.resolve("dhclient.conf");
            Files.writeString(conf, "request subnet-mask, broadcast-address, routers, domain-name,"
                    + " domain-name-servers, host-name;\n");
            Path pidFile = dir.resolve("dhclient.pid");
            // -d keeps dhclient in the foreground (nsenter execs it: this Process is dhclient), so
            // it is stopped by its own PID; daemonised, its pid file appears only after a race.
            Process dhclient = peer.builder("dhclient", "-4", "-1", "-d", "-v", "-cf", conf.toString(),
                    "-sf", script.toString(), "-lf", dir.resolve("leases").toString(), "-pf", pidFile.toString(),
                    peer.peerSide()).redirectErrorStream(true).redirectOutput(dir.resolve("dhclient.log").toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> Files.exists(out) && Files.readString(out).contains("new_ip_address"));
                assertThat(Files.readString(out)).contains("new_ip_address=192.168.105.11", "new_host_name=web-1",
                        "new_domain_name=lab.test", "new_dhcp_server_identifier=192.168.105.1");
            } finally {
                dhclient.destroy();
                if (!dhclient.waitFor(5, TimeUnit.SECONDS)) {
                    dhclient.destroyForcibly().waitFor();
                }
            }
        }
    }

    @Test
    void thePoolServesAMacWithoutStaticLease() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", "52:54:00:99:99:99");
             DhcpServer server = DhcpServer.start(lab(peer).pool("192.168.105.100", "192.168.105.110").build(),
                     events::add)) {
            String out = udhcpc(peer).assertSucceeded().output();
            assertThat(out).contains("ip=192.168.105.100").doesNotContain("hostname=");
        }
    }

    @Test
    void withoutAPoolAnUnknownMacGetsNothing() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", "52:54:00:99:99:99");
             DhcpServer server = DhcpServer.start(lab(peer).build(), events::add)) {
            ProcessResult r = udhcpc(peer, "-t", "2");
            assertThat(r.exitCode()).as(r.output()).isNotZero();
            assertThat(r.output()).doesNotContain("ip=");
            assertThat(server.stats().unanswered()).isEqualTo(2);
            assertThat(server.stats().replies()).isZero();
        }
    }

    @Test
    void twoServersInOneJvmAnswerOnlyTheirOwnInterface() throws Exception {
        List<ProvisioningEvent> otherEvents = new CopyOnWriteArrayList<>();
        try (PeerNamespace a = PeerNamespace.create("192.168.105.1/24", WEB_MAC);
             PeerNamespace b = PeerNamespace.create("192.168.106.1/24", WEB_MAC);
             DhcpServer serverA = DhcpServer.start(lab(a).build(), events::add);
             DhcpServer serverB = DhcpServer.start(DhcpServerConfig.builder(b.hostSide(), Ipv4.parse("192.168.106.1"), 24)
                     .staticLease(WEB_MAC, "192.168.106.11", "web-b").build(), otherEvents::add)) {
            assertThat(udhcpc(a).assertSucceeded().output()).contains("ip=192.168.105.11", "hostname=web-1");
            assertThat(otherEvents).isEmpty();
            assertThat(udhcpc(b).assertSucceeded().output()).contains("ip=192.168.106.11", "hostname=web-b");
            assertThat(serverA.stats().received()).isEqualTo(2);
            assertThat(serverB.stats().received()).isEqualTo(2);
        }
    }

    @Test
    void aRenewingClientIsAnsweredByUnicast() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB_MAC);
             DhcpServer server = DhcpServer.start(lab(peer).build(), events::add)) {
            // This script configures the address, as a renewal is unicast from and to it.
            Path script = script("udhcpc-configure.sh", "#!/bin/sh\ncase \"$1\" in\n"
                    + " bound) ip addr add \"$ip/24\" dev \"$interface\"; echo \"bound ip=$ip\" ;;\n"
                    + " renew) echo \"renewed ip=$ip\" ;;\nesac\nexit 0\n");
            Path log = dir.resolve("udhcpc.log");
            Process udhcpc = peer.builder("busybox", "udhcpc", "-i", peer.peerSide(), "-f", "-t", "3", "-T", "1",
                    "-s", script.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Files.readString(log).contains("bound ip=192.168.105.11"));
                new ProcessBuilder("kill", "-USR1", Long.toString(udhcpc.pid())).start().waitFor();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Files.readString(log).contains("renewed ip=192.168.105.11"));
            } finally {
                udhcpc.destroy();
                udhcpc.waitFor(5, TimeUnit.SECONDS);
            }
            awaitEvents(6);
            // the renewal REQUEST names the client's address (ciaddr); the ACK went back to it
            assertThat(events).extracting(e -> ((DhcpEvent) e).type()).containsSubsequence(
                    DhcpEvent.Type.DISCOVER, DhcpEvent.Type.OFFER, DhcpEvent.Type.REQUEST, DhcpEvent.Type.ACK,
                    DhcpEvent.Type.REQUEST, DhcpEvent.Type.ACK);
            DhcpEvent renewal = (DhcpEvent) events.get(events.size() - 2);
            assertThat(renewal.type()).isEqualTo(DhcpEvent.Type.REQUEST);
            assertThat(renewal.address().getHostAddress()).isEqualTo("192.168.105.11");
            // Responder sends renewal ACKs to ciaddr:68 (ResponderTest); a failed unicast would count here
            assertThat(server.stats().errors()).isZero();
        }
    }

    /** Sent-message events follow the send, so a client can be done before the last one is in. */
    private void awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() >= count);
    }

    private ProcessResult udhcpc(PeerNamespace peer, String... extra) throws Exception {
        Path script = script("udhcpc.sh", "#!/bin/sh\n[ \"$1\" = bound ] && env | sort\nexit 0\n");
        List<String> cmd = new ArrayList<>(List.of("busybox", "udhcpc", "-i", peer.peerSide(), "-n", "-q",
                "-f", "-t", "3", "-T", "1", "-s", script.toString(), "-O", "hostname", "-O", "bootfile",
                "-O", "domain"));
        cmd.addAll(List.of(extra));
        return peer.run(Duration.ofSeconds(15), cmd.toArray(String[]::new));
    }

    private Path script(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
