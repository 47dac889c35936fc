package dev.pxelab.runtime.dhcp;

import static dev.pxelab.runtime.dhcp.Packets.request;
import static dev.pxelab.runtime.dhcp.Packets.withCiaddr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.dhcp.DhcpOption.RequestedAddress;
import dev.pxelab.runtime.dhcp.DhcpOption.ServerIdentifier;
import dev.pxelab.runtime.dhcp.Responder.Outcome;
import dev.pxelab.runtime.dhcp.Responder.Silence;
import dev.pxelab.runtime.net.Ipv4;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What a client on the lab network can do to the DHCP server's leases on purpose (issue 14): the
 * decisions without sockets, so each attack is one readable sequence of packets.
 */
class HostileDhcpTest {

    static final String VICTIM = "52:54:00:00:00:21";
    static final String ATTACKER = "52:54:00:66:66:66";
    static final Inet4Address SERVER = Ipv4.parse("192.168.105.1");
    static final Inet4Address OTHER_SERVER = Ipv4.parse("192.168.105.2");
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    final Leases leases;
    final Responder dhcp;

    HostileDhcpTest() {
        DhcpServerConfig config = DhcpServerConfig.builder("br0", SERVER, 24)
                .pool("192.168.105.100", "192.168.105.119").build();
        leases = new Leases(config);
        dhcp = new Responder(config, leases);
    }

    Outcome send(DhcpMessage m) {
        return dhcp.respond(m, NOW);
    }

    static DhcpMessage selecting(String mac, Inet4Address address, Inet4Address server) {
        return request(mac, DhcpMessageType.REQUEST, new RequestedAddress(address), new ServerIdentifier(server));
    }

    static DhcpMessage initReboot(String mac, Inet4Address address) {
        return request(mac, DhcpMessageType.REQUEST, new RequestedAddress(address));
    }

    Inet4Address leaseFor(String mac) {
        Inet4Address offered = send(request(mac, DhcpMessageType.DISCOVER)).reply().message().yiaddr();
        assertThat(send(selecting(mac, offered, SERVER)).reply().type()).isEqualTo(DhcpMessageType.ACK);
        return offered;
    }

    /** B5: the packets of the reproduction each threw a NullPointerException in Leases. */
    @Test
    void aDeclinedAddressIsRefusedToOthersWithoutFailing() {
        Inet4Address offered = send(request(VICTIM, DhcpMessageType.DISCOVER)).reply().message().yiaddr();
        send(request(VICTIM, DhcpMessageType.DECLINE, new RequestedAddress(offered), new ServerIdentifier(SERVER)));

        Outcome reboot = send(initReboot(ATTACKER, offered));
        Outcome release = send(withCiaddr(request(ATTACKER, DhcpMessageType.RELEASE, new ServerIdentifier(SERVER)),
                offered.getHostAddress()));
        Outcome decline = send(request(ATTACKER, DhcpMessageType.DECLINE, new RequestedAddress(offered),
                new ServerIdentifier(SERVER)));

        assertThat(reboot.silence()).as("no record of the attacker: RFC 2131 4.3.2 silence").isEqualTo(Silence.NO_LEASE);
        assertThat(release.silence()).isEqualTo(Silence.NOTHING_TO_SAY);
        assertThat(decline.silence()).isEqualTo(Silence.NOTHING_TO_SAY);
        assertThat(send(request(ATTACKER, DhcpMessageType.DISCOVER)).reply().message().yiaddr())
                .as("the declined address stays out of the pool").isNotEqualTo(offered);
    }

    @Test
    void aForgedRequestForAnotherServerDropsOnlyAPendingOffer() {
        Inet4Address leased = leaseFor(VICTIM);

        assertThat(send(selecting(VICTIM, leased, OTHER_SERVER)).silence()).isEqualTo(Silence.NOT_FOR_US);

        assertThat(send(initReboot(VICTIM, leased)).reply().type())
                .as("the victim's acknowledged lease survives the forged REQUEST").isEqualTo(DhcpMessageType.ACK);
        assertThat(send(request(ATTACKER, DhcpMessageType.DISCOVER)).reply().message().yiaddr()).isNotEqualTo(leased);
    }

    @Test
    void aClientThatTakesAnotherServersOfferFreesOurs() {
        Inet4Address offered = send(request(VICTIM, DhcpMessageType.DISCOVER)).reply().message().yiaddr();

        assertThat(leases.boundCount(NOW)).isEqualTo(1);

        send(selecting(VICTIM, offered, OTHER_SERVER));

        assertThat(leases.boundCount(NOW)).isZero();
    }

    @Test
    void askingForAPoolAddressWithoutAnOfferGetsNothing() {
        for (int i = 100; i < 120; i++) {
            String mac = String.format("52:54:00:66:00:%02x", i);
            assertThat(send(initReboot(mac, Ipv4.parse("192.168.105." + i))).silence()).isEqualTo(Silence.NO_LEASE);
        }

        assertThat(leases.boundCount(NOW)).isZero();
        assertThat(leaseFor(VICTIM)).isNotNull();
    }

    @Test
    void offeredButNotRequestedAddressesReturnAfterTheOfferHold() {
        for (int i = 0; i < 20; i++) {
            assertThat(send(request(String.format("52:54:00:66:01:%02x", i), DhcpMessageType.DISCOVER)).reply()).isNotNull();
        }
        assertThat(send(request(VICTIM, DhcpMessageType.DISCOVER)).silence()).isEqualTo(Silence.NO_LEASE);

        Instant later = NOW.plus(DhcpServerConfig.DEFAULT_OFFER_HOLD).plus(Duration.ofSeconds(1));
        assertThat(DhcpServerConfig.DEFAULT_OFFER_HOLD).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(dhcp.respond(request(VICTIM, DhcpMessageType.DISCOVER), later).reply()).isNotNull();
    }

    /** B3: with port 69 gone, DHCP kept sending firmware PXE to it. */
    @Test
    void onceTftpIsGoneFirmwarePxeGetsAnAddressButNoTftpBootFile() {
        DhcpMessage firmwarePxe = request(VICTIM, DhcpMessageType.DISCOVER,
                new DhcpOption.VendorClass("PXEClient:Arch:00000"), new DhcpOption.ClientArchitecture(java.util.List.of(0)));
        assertThat(send(firmwarePxe).reply().bootFile()).isEqualTo("undionly.kpxe");

        dhcp.tftpGone();

        Responder.Reply offer = send(firmwarePxe).reply();
        assertThat(offer.bootFile()).isNull();
        assertThat(offer.message().options().has(67)).isFalse();
        assertThat(offer.message().yiaddr()).isNotNull();
    }
}
