package dev.pxelab.runtime.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.dhcp.DhcpServerProbe.ForeignServer;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.testing.ForeignDhcpServer;
import dev.pxelab.runtime.testing.PeerNamespace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/**
 * The probe that runs before pxelab answers on someone else's segment, against real servers the
 * test starts on the far side of a veth: busybox udhcpd (addresses) and dnsmasq in proxy mode
 * (another PXE boot server).
 */
class DhcpServerProbeTest {

    static final MacAddress PROBE_MAC = MacAddress.of("02:00:00:00:00:01");
    /** udhcpd, like many servers, ARP-pings an address for 2 s before it offers it. */
    static final Duration LISTEN = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void findsADhcpServerThatHandsOutAddresses() throws Exception {
        try (PeerNamespace segment = PeerNamespace.create("192.168.118.1/24");
             ForeignDhcpServer udhcpd = ForeignDhcpServer.udhcpd(segment, "192.168.118.2/24", "192.168.118.100",
                     "192.168.118.150", dir)) {
            List<ForeignServer> found = DhcpServerProbe.probe(segment.hostSide(), PROBE_MAC, LISTEN);

            assertThat(found).as(udhcpd.log()).singleElement().satisfies(server -> {
                assertThat(server.server()).isEqualTo(Ipv4.parse("192.168.118.2"));
                assertThat(server.offersAddresses()).isTrue();
                assertThat(server.toString()).startsWith("192.168.118.2 (offered 192.168.118.1");
            });
        }
    }

    @Test
    void findsAProxyDhcpServerThatOnlyGivesBootInformation() throws Exception {
        try (PeerNamespace segment = PeerNamespace.create("192.168.118.1/24");
             ForeignDhcpServer dnsmasq = ForeignDhcpServer.dnsmasqProxy(segment, "192.168.118.2/24", dir)) {
            List<ForeignServer> found = DhcpServerProbe.probe(segment.hostSide(), PROBE_MAC, LISTEN);

            assertThat(found).as(dnsmasq.log()).singleElement().satisfies(server -> {
                assertThat(server.server()).isEqualTo(Ipv4.parse("192.168.118.2"));
                assertThat(server.offersAddresses()).isFalse();
            });
        }
    }

    @Test
    void aQuietSegmentHasNoServer() throws Exception {
        try (PeerNamespace segment = PeerNamespace.create("192.168.118.1/24")) {
            long start = System.nanoTime();

            assertThat(DhcpServerProbe.probe(segment.hostSide(), PROBE_MAC, LISTEN)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it listens as long as asked, then stops")
                    .isBetween(LISTEN, LISTEN.plusSeconds(2));
        }
    }
}
