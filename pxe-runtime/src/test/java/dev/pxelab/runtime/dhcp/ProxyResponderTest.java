package dev.pxelab.runtime.dhcp;

import static dev.pxelab.runtime.dhcp.Packets.request;
import static dev.pxelab.runtime.dhcp.Packets.withCiaddr;
import static dev.pxelab.runtime.dhcp.Packets.withGiaddr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.dhcp.DhcpOption.BootFileName;
import dev.pxelab.runtime.dhcp.DhcpOption.ClientArchitecture;
import dev.pxelab.runtime.dhcp.DhcpOption.ServerIdentifier;
import dev.pxelab.runtime.dhcp.DhcpOption.VendorClass;
import dev.pxelab.runtime.dhcp.DhcpOption.VendorSpecific;
import dev.pxelab.runtime.dhcp.Responder.Outcome;
import dev.pxelab.runtime.dhcp.Responder.Silence;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proxy DHCP's decisions, without sockets: boot information for the PXE clients the lab knows,
 * never an address, and nothing at all for anyone else on someone else's network.
 */
class ProxyResponderTest {

    static final String WEB = "52:54:00:00:00:11";
    static final InetSocketAddress ANYWHERE = new InetSocketAddress(Ipv4.parse("0.0.0.0"), 68);
    static final InetSocketAddress LEASED = new InetSocketAddress(Ipv4.parse("192.168.105.57"), 68);

    static ProxyResponder proxy() {
        return new ProxyResponder(DhcpServerConfig.builder("br0", Ipv4.parse("192.168.105.1"), 24)
                .mode(DhcpMode.PROXY).proxyClient(MacAddress.of(WEB)).build());
    }

    /** What SeaBIOS's iPXE ROM really sent (captured), MAC 52:54:00:00:00:11. */
    static DhcpMessage ipxeDiscover() {
        return DhcpCodec.decode(Packets.capture("seabios-ipxe-discover.hex"));
    }

    @Test
    void anIpxeDiscoverGetsAnOfferWithBootInformationAndNoAddress() {
        Outcome outcome = proxy().respond(ipxeDiscover(), ANYWHERE, false);

        DhcpMessage offer = outcome.reply().message();
        assertThat(offer.type()).contains(DhcpMessageType.OFFER);
        assertThat(Ip4.isZero(offer.yiaddr())).as("no address: the segment's own server gives it").isTrue();
        assertThat(offer.siaddr()).isEqualTo(Ipv4.parse("192.168.105.1"));
        assertThat(offer.options().get(VendorClass.class)).contains(new VendorClass("PXEClient"));
        assertThat(offer.options().get(ServerIdentifier.class))
                .contains(new ServerIdentifier(Ipv4.parse("192.168.105.1")));
        assertThat(offer.options().get(BootFileName.class))
                .contains(new BootFileName("http://192.168.105.1/52:54:00:00:00:11/boot.ipxe"));
        assertThat(offer.file()).isEqualTo("http://192.168.105.1/52:54:00:00:00:11/boot.ipxe");
        assertThat(offer.options().get(VendorSpecific.class)).isPresent();
        assertThat(outcome.reply().destination()).isEqualTo(new InetSocketAddress(Ip4.BROADCAST, 68));
        assertThat(outcome.reply().clientAddress()).isNull();
    }

    @Test
    void theBootServerRequestOnPort4011GetsAnAckSentBackToTheLeasedAddress() {
        DhcpMessage request = withCiaddr(request(WEB, DhcpMessageType.REQUEST,
                new VendorClass("PXEClient:Arch:00000:UNDI:002001"), new ClientArchitecture(List.of(0)),
                new ServerIdentifier(Ipv4.parse("192.168.105.1"))), "192.168.105.57");

        Outcome outcome = proxy().respond(request, LEASED, true);

        DhcpMessage ack = outcome.reply().message();
        assertThat(ack.type()).contains(DhcpMessageType.ACK);
        assertThat(Ip4.isZero(ack.yiaddr())).isTrue();
        assertThat(ack.ciaddr()).isEqualTo(Ipv4.parse("192.168.105.57"));
        assertThat(ack.file()).isEqualTo("undionly.kpxe");
        assertThat(ack.options().get(VendorClass.class)).contains(new VendorClass("PXEClient"));
        assertThat(outcome.reply().destination()).isEqualTo(LEASED);
        assertThat(outcome.reply().clientAddress()).as("the address the lab learns for the host")
                .isEqualTo(Ipv4.parse("192.168.105.57"));
    }

    @Test
    void aClientThatIsNoPxeClientGetsNothing() {
        assertThat(proxy().respond(request(WEB, DhcpMessageType.DISCOVER), ANYWHERE, false).silence())
                .isEqualTo(Silence.NOT_FOR_US);
    }

    @Test
    void aPxeClientTheLabDoesNotKnowGetsNothing() {
        DhcpMessage stranger = request("52:54:00:99:99:99", DhcpMessageType.DISCOVER,
                new VendorClass("PXEClient:Arch:00000:UNDI:002001"));
        assertThat(proxy().respond(stranger, ANYWHERE, false).silence()).isEqualTo(Silence.NO_LEASE);
    }

    @Test
    void aRelayedClientOnAnotherSubnetGetsNothing() {
        DhcpMessage relayed = withGiaddr(ipxeDiscover(), "192.168.200.1");
        assertThat(proxy().respond(relayed, ANYWHERE, false).silence()).isEqualTo(Silence.NOT_FOR_US);
    }

    @Test
    void aBootServerRequestFromOutsideTheLabSubnetGetsNothing() {
        DhcpMessage request = withCiaddr(request(WEB, DhcpMessageType.REQUEST,
                new VendorClass("PXEClient:Arch:00000:UNDI:002001")), "192.168.200.57");
        InetSocketAddress outside = new InetSocketAddress(Ipv4.parse("192.168.200.57"), 68);
        assertThat(proxy().respond(request, outside, true).silence()).isEqualTo(Silence.NOT_FOR_US);
    }

    @Test
    void theLeaseItselfIsTheOtherServersBusiness() {
        DhcpMessage request = request(WEB, DhcpMessageType.REQUEST, new VendorClass("PXEClient:Arch:00000:UNDI:002001"),
                new DhcpOption.RequestedAddress(Ipv4.parse("192.168.105.57")));
        assertThat(proxy().respond(request, ANYWHERE, false).reply()).isNull();
    }

    @Test
    void aProxyGivesNoAddressesSoItHasNoPoolAndNoStaticLeases() {
        assertThatThrownBy(() -> DhcpServerConfig.builder("br0", Ipv4.parse("192.168.105.1"), 24)
                .mode(DhcpMode.PROXY).pool("192.168.105.100", "192.168.105.110").build())
                .hasMessageContaining("a proxy DHCP server gives no addresses");
        assertThatThrownBy(() -> DhcpServerConfig.builder("br0", Ipv4.parse("192.168.105.1"), 24)
                .mode(DhcpMode.PROXY).staticLease(WEB, "192.168.105.11", "web-1").build())
                .hasMessageContaining("a proxy DHCP server gives no addresses");
    }
}
