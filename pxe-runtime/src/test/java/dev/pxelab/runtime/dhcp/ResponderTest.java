package dev.pxelab.runtime.dhcp;

import static dev.pxelab.runtime.dhcp.Packets.request;
import static dev.pxelab.runtime.dhcp.Packets.withCiaddr;
import static dev.pxelab.runtime.dhcp.Packets.withGiaddr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.dhcp.DhcpOption.*;
import dev.pxelab.runtime.dhcp.Responder.Outcome;
import dev.pxelab.runtime.dhcp.Responder.Silence;
import dev.pxelab.runtime.net.Ipv4;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server's protocol decisions, without sockets. */
class ResponderTest {

    static final String WEB = "52:54:00:00:00:11";
    static final String STRANGER = "52:54:00:99:99:99";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final InetSocketAddress BROADCAST = new InetSocketAddress(Ip4.BROADCAST, 68);

    static DhcpServerConfig.Builder config() {
        return DhcpServerConfig.builder("br0", Ipv4.parse("192.168.105.1"), 24)
                .staticLease(WEB, "192.168.105.11", "web-1");
    }

    static Responder responder(DhcpServerConfig config) {
        return new Responder(config, new Leases(config));
    }

    static Responder.Reply reply(Outcome o) {
        assertThat(o.reply()).as("a reply, not silence (%s)", o.silence()).isNotNull();
        return o.reply();
    }

    static UserClass ipxe() {
        return new UserClass("iPXE".getBytes(StandardCharsets.US_ASCII));
    }

    @Nested
    class Offers {

        @Test
        void staticLeaseGivesAddressHostnameAndServerIdentity() {
            Responder.Reply r = reply(responder(config().build()).respond(request(WEB, DhcpMessageType.DISCOVER), NOW));
            DhcpMessage m = r.message();
            assertThat(m.op()).isEqualTo(DhcpMessage.BOOTREPLY);
            assertThat(m.xid()).isEqualTo(0x12345678);
            assertThat(m.type()).contains(DhcpMessageType.OFFER);
            assertThat(m.yiaddr()).isEqualTo(Ipv4.parse("192.168.105.11"));
            assertThat(m.options().get(HostName.class)).contains(new HostName("web-1"));
            assertThat(m.options().get(ServerIdentifier.class)).contains(new ServerIdentifier(Ipv4.parse("192.168.105.1")));
            assertThat(m.options().get(LeaseTime.class)).contains(new LeaseTime(3600));
            assertThat(m.options().get(SubnetMask.class)).contains(new SubnetMask(Ipv4.parse("255.255.255.0")));
            assertThat(m.options().get(BroadcastAddress.class))
                    .contains(new BroadcastAddress(Ipv4.parse("192.168.105.255")));
            assertThat(r.destination()).isEqualTo(BROADCAST);
        }

        @Test
        void routerOnlyWhenConfigured() {
            DhcpMessage without = reply(responder(config().build()).respond(request(WEB, DhcpMessageType.DISCOVER), NOW))
                    .message();
            assertThat(without.options().has(3)).isFalse();
            DhcpMessage with = reply(responder(config().router(Ipv4.parse("192.168.105.254")).build())
                    .respond(request(WEB, DhcpMessageType.DISCOVER), NOW)).message();
            assertThat(with.options().get(Routers.class)).contains(new Routers(List.of(Ipv4.parse("192.168.105.254"))));
        }

        @Test
        void parameterRequestListDecidesWhichOptionalOptionsAndTheirOrder() {
            DhcpServerConfig c = config().router(Ipv4.parse("192.168.105.1")).dnsServer(Ipv4.parse("192.168.105.1"))
                    .domainName("lab.test").build();
            DhcpMessage m = reply(responder(c).respond(request(WEB, DhcpMessageType.DISCOVER,
                    new ParameterRequestList(List.of(15, 12, 3))), NOW)).message();
            // the must-haves first, then what was asked for in the order asked; DNS was not asked for
            assertThat(m.options().list()).extracting(DhcpOption::code).containsExactly(53, 54, 51, 58, 59, 1, 15, 12, 3);
        }

        @Test
        void withoutParameterRequestListEverythingConfiguredIsSent() {
            DhcpServerConfig c = config().router(Ipv4.parse("192.168.105.1")).dnsServer(Ipv4.parse("192.168.105.1"))
                    .domainName("lab.test").build();
            DhcpMessage m = reply(responder(c).respond(request(WEB, DhcpMessageType.DISCOVER), NOW)).message();
            assertThat(m.options().list()).extracting(DhcpOption::code).contains(3, 6, 12, 15, 28);
        }

        @Test
        void unknownMacWithoutPoolGetsNoAnswer() {
            assertThat(responder(config().build()).respond(request(STRANGER, DhcpMessageType.DISCOVER), NOW).silence())
                    .isEqualTo(Silence.NO_LEASE);
        }

        @Test
        void poolServesUnknownMacsAndKeepsStaticAddressesOut() {
            Responder r = responder(config().pool("192.168.105.11", "192.168.105.12").build());
            assertThat(reply(r.respond(request(STRANGER, DhcpMessageType.DISCOVER), NOW)).message().yiaddr())
                    .isEqualTo(Ipv4.parse("192.168.105.12"));
            // the same MAC asking again gets the same address
            assertThat(reply(r.respond(request(STRANGER, DhcpMessageType.DISCOVER), NOW)).message().yiaddr())
                    .isEqualTo(Ipv4.parse("192.168.105.12"));
            // the pool is now exhausted for a third MAC
            assertThat(r.respond(request("52:54:00:99:99:98", DhcpMessageType.DISCOVER), NOW).silence())
                    .isEqualTo(Silence.NO_LEASE);
        }

        @Test
        void maximumMessageSizeIsHonoured() {
            assertThat(Responder.maxPayload(request(WEB, DhcpMessageType.DISCOVER))).isEqualTo(548);
            assertThat(Responder.maxPayload(request(WEB, DhcpMessageType.DISCOVER, new MaxMessageSize(1500))))
                    .isEqualTo(1472);
            assertThat(Responder.maxPayload(request(WEB, DhcpMessageType.DISCOVER, new MaxMessageSize(9000))))
                    .isEqualTo(1472);
        }

        @Test
        void clientMachineIdIsEchoed() {
            byte[] uuid = new byte[17];
            uuid[5] = 42;
            DhcpMessage m = reply(responder(config().build()).respond(request(WEB, DhcpMessageType.DISCOVER,
                    new ClientMachineId(uuid)), NOW)).message();
            assertThat(m.options().get(97).orElseThrow().data()).isEqualTo(uuid);
        }
    }

    @Nested
    class BootFileChoice {

        @Test
        void ipxeByUserClassGetsItsScriptUrlAndTheNoProxyDhcpSetting() {
            Responder.Reply r = reply(responder(config().build()).respond(request(WEB, DhcpMessageType.DISCOVER, ipxe(),
                    new ClientArchitecture(List.of(0))), NOW));
            assertThat(r.bootFile()).isEqualTo("http://192.168.105.1/52:54:00:00:00:11/boot.ipxe");
            assertThat(r.message().file()).isEqualTo(r.bootFile());
            assertThat(r.message().options().get(BootFileName.class)).contains(new BootFileName(r.bootFile()));
            assertThat(r.message().options().get(175).orElseThrow().data()).containsExactly(176, 1, 1);
            assertThat(r.message().siaddr()).isEqualTo(Ipv4.parse("192.168.105.1"));
        }

        @Test
        void ipxeByOption175AloneIsRecognisedToo() {
            Responder.Reply r = reply(responder(config().build()).respond(request(WEB, DhcpMessageType.DISCOVER,
                    new IpxeEncapsulated(new byte[] {(byte) 177, 1, 1})), NOW));
            assertThat(r.bootFile()).endsWith("/boot.ipxe");
        }

        @Test
        void theScriptUrlTemplateIsConfigurable() {
            DhcpServerConfig c = config().bootFiles(BootFiles.DEFAULTS.withIpxeScriptUrl("http://${server}:8080/boot/${mac}"))
                    .build();
            assertThat(reply(responder(c).respond(request(WEB, DhcpMessageType.DISCOVER, ipxe()), NOW)).bootFile())
                    .isEqualTo("http://192.168.105.1:8080/boot/52:54:00:00:00:11");
            DhcpServerConfig hyphen = config().bootFiles(BootFiles.DEFAULTS.withIpxeScriptUrl("http://${server}/${mac-hyphen}.ipxe"))
                    .build();
            assertThat(reply(responder(hyphen).respond(request(WEB, DhcpMessageType.DISCOVER, ipxe()), NOW)).bootFile())
                    .isEqualTo("http://192.168.105.1/52-54-00-00-00-11.ipxe");
        }

        @ParameterizedTest(name = "architecture {0} -> {1}")
        @CsvSource({
            "0, undionly.kpxe, PXEClient",
            "6, ipxe-i386.efi, PXEClient",
            "7, snponly.efi, PXEClient",
            "9, snponly.efi, PXEClient",
            "10, ipxe-arm32.efi, PXEClient",
            "11, bootnetaa64.efi, PXEClient",
            "15, http://192.168.105.1/ipxe-i386.efi, HTTPClient",
            "16, http://192.168.105.1/snponly.efi, HTTPClient",
            "18, http://192.168.105.1/ipxe-arm32.efi, HTTPClient",
            "19, http://192.168.105.1/bootnetaa64.efi, HTTPClient",
        })
        void firmwareIsToldTheFileForItsArchitecture(int arch, String file, String vendorClass) {
            Responder.Reply r = reply(responder(config().build()).respond(request(WEB, DhcpMessageType.DISCOVER,
                    new VendorClass(vendorClass + ":Arch:000" + (arch < 10 ? "0" : "") + arch),
                    new ClientArchitecture(List.of(arch))), NOW));
            assertThat(r.bootFile()).isEqualTo(file);
            assertThat(r.message().file()).isEqualTo(file);
            assertThat(r.message().options().get(BootFileName.class)).contains(new BootFileName(file));
            assertThat(r.message().options().get(TftpServerName.class)).contains(new TftpServerName("192.168.105.1"));
            if (vendorClass.equals("HTTPClient")) {
                assertThat(r.message().options().get(VendorClass.class)).contains(new VendorClass(vendorClass));
            } else {
                // "PXEClient" without option 43 sends EDK2 looking for a boot server on port 4011
                assertThat(r.message().options().get(VendorClass.class)).isEmpty();
            }
            assertThat(r.message().options().has(175)).isFalse();
        }

        @Test
        void anUnknownArchitectureGetsAnAddressButNoBootFile() {
            Responder.Reply r = reply(responder(config().build()).respond(request(WEB, DhcpMessageType.DISCOVER,
                    new ClientArchitecture(List.of(0x42))), NOW));
            assertThat(r.bootFile()).isNull();
            assertThat(r.message().file()).isEmpty();
            assertThat(r.message().options().has(67)).isFalse();
        }

        @Test
        void aUrlTooLongForTheFileFieldGoesInOption67Only() {
            String template = "http://${server}/" + "very-long-path/".repeat(10) + "${mac}/boot.ipxe";
            DhcpServerConfig c = config().bootFiles(BootFiles.DEFAULTS.withIpxeScriptUrl(template)).build();
            Responder.Reply r = reply(responder(c).respond(request(WEB, DhcpMessageType.DISCOVER, ipxe()), NOW));
            assertThat(r.message().file()).isEmpty();
            assertThat(r.message().options().get(BootFileName.class).orElseThrow().name()).hasSizeGreaterThan(128);
        }
    }

    @Nested
    class Requests {

        Responder r = responder(config().pool("192.168.105.100", "192.168.105.110").build());

        DhcpMessage selecting(String mac, String address, String server) {
            return request(mac, DhcpMessageType.REQUEST, new RequestedAddress(Ipv4.parse(address)),
                    new ServerIdentifier(Ipv4.parse(server)));
        }

        @Test
        void selectingOurOfferIsAcknowledged() {
            Responder.Reply ack = reply(r.respond(selecting(WEB, "192.168.105.11", "192.168.105.1"), NOW));
            assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
            assertThat(ack.message().yiaddr()).isEqualTo(Ipv4.parse("192.168.105.11"));
            assertThat(ack.message().options().get(HostName.class)).contains(new HostName("web-1"));
            assertThat(ack.destination()).isEqualTo(BROADCAST);
        }

        @Test
        void selectingAnotherServersOfferIsNotOursToAnswer() {
            assertThat(r.respond(selecting(WEB, "192.168.105.11", "192.168.105.2"), NOW).silence())
                    .isEqualTo(Silence.NOT_FOR_US);
        }

        @Test
        void selectingAnotherAddressThanTheStaticOneIsRefused() {
            Responder.Reply nak = reply(r.respond(selecting(WEB, "192.168.105.50", "192.168.105.1"), NOW));
            assertThat(nak.type()).isEqualTo(DhcpMessageType.NAK);
            assertThat(nak.message().yiaddr()).isEqualTo(Ip4.ANY);
            assertThat(nak.destination()).isEqualTo(BROADCAST);
        }

        @Test
        void initRebootWithTheRightAddressIsAcknowledged() {
            DhcpMessage m = request(WEB, DhcpMessageType.REQUEST, new RequestedAddress(Ipv4.parse("192.168.105.11")));
            assertThat(reply(r.respond(m, NOW)).type()).isEqualTo(DhcpMessageType.ACK);
        }

        @Test
        void initRebootFromAnotherNetworkIsRefused() {
            DhcpMessage m = request(WEB, DhcpMessageType.REQUEST, new RequestedAddress(Ipv4.parse("10.0.0.5")));
            Responder.Reply nak = reply(r.respond(m, NOW));
            assertThat(nak.type()).isEqualTo(DhcpMessageType.NAK);
            assertThat(nak.message().options().get(Message.class).orElseThrow().text()).contains("10.0.0.5");
        }

        @Test
        void initRebootOfAnUnknownClientGetsSilenceWithoutPool() {
            Responder noPool = responder(config().build());
            DhcpMessage m = request(STRANGER, DhcpMessageType.REQUEST, new RequestedAddress(Ipv4.parse("192.168.105.50")));
            assertThat(noPool.respond(m, NOW).silence()).isEqualTo(Silence.NO_LEASE);
        }

        @Test
        void renewingIsAcknowledgedByUnicastToTheClient() {
            DhcpMessage m = withCiaddr(request(WEB, DhcpMessageType.REQUEST), "192.168.105.11");
            Responder.Reply ack = reply(r.respond(m, NOW));
            assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
            assertThat(ack.message().ciaddr()).isEqualTo(Ipv4.parse("192.168.105.11"));
            assertThat(ack.destination()).isEqualTo(new InetSocketAddress(Ipv4.parse("192.168.105.11"), 68));
        }

        @Test
        void rebindingWithSomeoneElsesAddressIsRefused() {
            DhcpMessage m = withCiaddr(request(WEB, DhcpMessageType.REQUEST), "192.168.105.12");
            assertThat(reply(r.respond(m, NOW)).type()).isEqualTo(DhcpMessageType.NAK);
        }

        @Test
        void relayedRequestsAreAnsweredThroughTheRelay() {
            DhcpMessage m = withGiaddr(request(WEB, DhcpMessageType.DISCOVER), "192.168.105.254");
            Responder.Reply offer = reply(r.respond(m, NOW));
            assertThat(offer.destination()).isEqualTo(new InetSocketAddress(Ipv4.parse("192.168.105.254"), 67));
            assertThat(offer.message().giaddr()).isEqualTo(Ipv4.parse("192.168.105.254"));
        }

        @Test
        void poolAddressIsOfferedThenBoundAndReleased() {
            var offered = reply(r.respond(request(STRANGER, DhcpMessageType.DISCOVER), NOW)).message().yiaddr();
            assertThat(offered).isEqualTo(Ipv4.parse("192.168.105.100"));
            assertThat(reply(r.respond(selecting(STRANGER, "192.168.105.100", "192.168.105.1"), NOW)).type())
                    .isEqualTo(DhcpMessageType.ACK);
            // someone else cannot have it
            assertThat(reply(r.respond(selecting("52:54:00:99:99:98", "192.168.105.100", "192.168.105.1"), NOW)).type())
                    .isEqualTo(DhcpMessageType.NAK);
            r.respond(withCiaddr(request(STRANGER, DhcpMessageType.RELEASE,
                    new ServerIdentifier(Ipv4.parse("192.168.105.1"))), "192.168.105.100"), NOW);
            assertThat(reply(r.respond(request("52:54:00:99:99:98", DhcpMessageType.DISCOVER,
                    new RequestedAddress(Ipv4.parse("192.168.105.100"))), NOW)).message().yiaddr())
                    .isEqualTo(Ipv4.parse("192.168.105.100"));
            assertThat(reply(r.respond(selecting("52:54:00:99:99:98", "192.168.105.100", "192.168.105.1"), NOW)).type())
                    .isEqualTo(DhcpMessageType.ACK);
        }

        @Test
        void aDeclinedAddressIsNotOfferedAgain() {
            reply(r.respond(request(STRANGER, DhcpMessageType.DISCOVER), NOW));
            reply(r.respond(selecting(STRANGER, "192.168.105.100", "192.168.105.1"), NOW));
            Outcome decline = r.respond(request(STRANGER, DhcpMessageType.DECLINE,
                    new RequestedAddress(Ipv4.parse("192.168.105.100")), new ServerIdentifier(Ipv4.parse("192.168.105.1"))),
                    NOW);
            assertThat(decline.silence()).isEqualTo(Silence.NOTHING_TO_SAY);
            assertThat(reply(r.respond(request(STRANGER, DhcpMessageType.DISCOVER), NOW)).message().yiaddr())
                    .isEqualTo(Ipv4.parse("192.168.105.101"));
        }

        @Test
        void expiredPoolLeasesReturnToThePool() {
            Responder small = responder(config().pool("192.168.105.100", "192.168.105.100").build());
            reply(small.respond(request(STRANGER, DhcpMessageType.DISCOVER), NOW));
            assertThat(small.respond(request("52:54:00:99:99:98", DhcpMessageType.DISCOVER), NOW).silence())
                    .isEqualTo(Silence.NO_LEASE);
            assertThat(reply(small.respond(request("52:54:00:99:99:98", DhcpMessageType.DISCOVER),
                    NOW.plus(DhcpServerConfig.DEFAULT_OFFER_HOLD).plusSeconds(1))).message().yiaddr()).isEqualTo(Ipv4.parse("192.168.105.100"));
        }

        @Test
        void informIsAcknowledgedWithoutLeaseByUnicast() {
            DhcpMessage m = withCiaddr(request(WEB, DhcpMessageType.INFORM), "192.168.105.77");
            Responder.Reply ack = reply(r.respond(m, NOW));
            assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
            assertThat(ack.message().yiaddr()).isEqualTo(Ip4.ANY);
            assertThat(ack.message().options().has(51)).isFalse();
            assertThat(ack.destination()).isEqualTo(new InetSocketAddress(Ipv4.parse("192.168.105.77"), 68));
        }

        @Test
        void informFromFirmwarePxeIsToldItsBootFileAsAnAckWouldBe() {
            DhcpMessage m = withCiaddr(request(WEB, DhcpMessageType.INFORM,
                    new VendorClass("PXEClient:Arch:00007"), new ClientArchitecture(List.of(7))), "192.168.105.77");
            Responder.Reply ack = reply(r.respond(m, NOW));
            assertThat(ack.message().file()).isEqualTo("snponly.efi");
            assertThat(ack.message().options().get(BootFileName.class)).contains(new BootFileName("snponly.efi"));
            assertThat(ack.message().options().get(TftpServerName.class)).contains(new TftpServerName("192.168.105.1"));
            assertThat(ack.message().options().has(51)).isFalse();
        }

        @Test
        void bootRepliesAndLeaseQueriesAreNotAnswered() {
            DhcpMessage offerFromElsewhere = new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 6, 0, 1, 0, 0, Ip4.ANY, Ip4.ANY,
                    Ip4.ANY, Ip4.ANY, Packets.chaddr(WEB), "", "", DhcpOptions.of(new MessageType(DhcpMessageType.OFFER)));
            assertThat(r.respond(offerFromElsewhere, NOW).silence()).isEqualTo(Silence.NOT_FOR_US);
            assertThat(r.respond(request(WEB, DhcpMessageType.LEASEQUERY), NOW).silence())
                    .isEqualTo(Silence.NOT_A_REQUEST_TYPE);
        }
    }
}
