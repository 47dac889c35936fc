package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.dhcp.DhcpOption.*;
import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's decisions (RFC 2131 4.3): for one request, which reply goes where. No I/O, so that
 * every protocol rule can be tested without sockets.
 */
final class Responder {

    /**
     * A reply and where to send it; {@code bootFile} and {@code clientAddress} (the address the
     * client has with this reply, or null) are for events and logs.
     */
    record Reply(DhcpMessage message, InetSocketAddress destination, String bootFile, Inet4Address clientAddress) {

        /** A reply whose client has the address it hands out ({@code yiaddr}), if any. */
        Reply(DhcpMessage message, InetSocketAddress destination, String bootFile) {
            this(message, destination, bootFile, Ip4.isZero(message.yiaddr()) ? null : message.yiaddr());
        }

        DhcpMessageType type() {
            return message.type().orElseThrow();
        }
    }

    /** Why a request got no reply; the server counts these. */
    enum Silence { NOT_FOR_US, NO_LEASE, NOT_A_REQUEST_TYPE, NOTHING_TO_SAY }

    /** Either a reply or the reason for silence. */
    record Outcome(Reply reply, Silence silence) {
        static Outcome reply(Reply r) {
            return new Outcome(r, null);
        }

        static Outcome silent(Silence why) {
            return new Outcome(null, why);
        }

        /**
         * What both responders do first: a message that is no client request (a BOOTREPLY, no client
         * MAC, no message type) is not for us; otherwise {@code answer} decides, given the client and
         * what it sent.
         */
        static Outcome forClientRequest(DhcpMessage request, ClientRequestAnswer answer) {
            if (request.op() != DhcpMessage.BOOTREQUEST) {
                return silent(Silence.NOT_FOR_US);
            }
            Optional<MacAddress> mac = request.mac();
            Optional<DhcpMessageType> type = request.type();
            if (mac.isEmpty() || type.isEmpty()) {
                return silent(Silence.NOT_A_REQUEST_TYPE);
            }
            return answer.answer(mac.get(), type.get());
        }
    }

    @FunctionalInterface
    interface ClientRequestAnswer {
        Outcome answer(MacAddress mac, DhcpMessageType type);
    }

    private static final int CLIENT_PORT = 68;
    private static final int SERVER_PORT = 67;
    /** Options every OFFER/ACK carries, whatever the client asked for (RFC 2131 table 3). */
    private static final List<Integer> ALWAYS = List.of(53, 54, 51, 58, 59, 1);
    /** Boot information network-booting clients need whether they asked or not. */
    private static final List<Integer> BOOT = List.of(60, 66, 67, 97, 43, 175);

    private final DhcpServerConfig config;
    private final Leases leases;
    /** Set when the lab's TFTP server stopped: firmware PXE must not be sent to a server that is gone. */
    private volatile boolean tftpGone;

    Responder(DhcpServerConfig config, Leases leases) {
        this.config = config;
        this.leases = leases;
    }

    void tftpGone() {
        tftpGone = true;
    }

    private Optional<BootChoice> bootChoice(DhcpMessage request, MacAddress mac) {
        return BootChoice.of(request, mac, config.serverAddress(), config.bootFiles())
                .filter(b -> !(tftpGone && b.kind() == BootChoice.Kind.FIRMWARE_PXE));
    }

    Outcome respond(DhcpMessage request, Instant now) {
        return Outcome.forClientRequest(request, (mac, type) -> respond(request, mac, type, now));
    }

    private Outcome respond(DhcpMessage request, MacAddress mac, DhcpMessageType type, Instant now) {
        Optional<Inet4Address> serverId = request.options().get(ServerIdentifier.class).map(ServerIdentifier::address);
        Optional<Inet4Address> requested = request.options().get(RequestedAddress.class).map(RequestedAddress::address);
        return switch (type) {
            case DISCOVER -> discover(request, mac, requested.orElse(null), now);
            case REQUEST -> request(request, mac, serverId, requested, now);
            case DECLINE -> {
                if (serverId.isPresent() && !serverId.get().equals(config.serverAddress())) {
                    yield Outcome.silent(Silence.NOT_FOR_US);
                }
                requested.ifPresent(a -> leases.decline(mac, a, now));
                yield Outcome.silent(Silence.NOTHING_TO_SAY);
            }
            case RELEASE -> {
                if (serverId.isPresent() && !serverId.get().equals(config.serverAddress())) {
                    yield Outcome.silent(Silence.NOT_FOR_US);
                }
                leases.release(mac, request.ciaddr());
                yield Outcome.silent(Silence.NOTHING_TO_SAY);
            }
            case INFORM -> inform(request, mac);
            default -> Outcome.silent(Silence.NOT_A_REQUEST_TYPE);
        };
    }

    private Outcome discover(DhcpMessage request, MacAddress mac, Inet4Address requested, Instant now) {
        if (requested != null && !config.inSubnet(requested)) {
            requested = null;
        }
        Optional<Inet4Address> address = leases.offer(mac, requested, now);
        return address.map(a -> Outcome.reply(lease(request, mac, DhcpMessageType.OFFER, a)))
                .orElseGet(() -> Outcome.silent(Silence.NO_LEASE));
    }

    private Outcome request(DhcpMessage request, MacAddress mac, Optional<Inet4Address> serverId,
                            Optional<Inet4Address> requested, Instant now) {
        Inet4Address address;
        if (serverId.isPresent()) {
            // SELECTING: the client chose one offer; if not ours, forget ours (only an offer:
            // anyone can send this with a victim's MAC).
            if (!serverId.get().equals(config.serverAddress())) {
                leases.dropOffer(mac);
                return Outcome.silent(Silence.NOT_FOR_US);
            }
            if (requested.isEmpty()) {
                return Outcome.reply(nak(request, "REQUEST in SELECTING state without a requested address"));
            }
            address = requested.get();
        } else if (requested.isPresent()) {
            address = requested.get(); // INIT-REBOOT
            if (!config.inSubnet(address)) {
                return Outcome.reply(nak(request, address.getHostAddress() + " is not on this network"));
            }
        } else if (!Ip4.isZero(request.ciaddr())) {
            address = request.ciaddr(); // RENEWING (unicast) or REBINDING (broadcast)
        } else {
            return Outcome.reply(nak(request, "REQUEST names no address"));
        }
        Optional<Boolean> ok = leases.confirm(mac, address, now);
        if (ok.isEmpty() && serverId.isPresent() && config.pool() != null) {
            // It names us but we offered it nothing (or the offer lapsed): start over with a DISCOVER.
            return Outcome.reply(nak(request, "no offer of " + address.getHostAddress() + " to " + mac));
        }
        if (ok.isEmpty()) {
            return Outcome.silent(Silence.NO_LEASE);
        }
        return ok.get()
                ? Outcome.reply(lease(request, mac, DhcpMessageType.ACK, address))
                : Outcome.reply(nak(request, address.getHostAddress() + " is not the address of " + mac));
    }

    private Outcome inform(DhcpMessage request, MacAddress mac) {
        Map<Integer, DhcpOption> available = available(request, mac, false);
        available.remove(12); // INFORM clients already have their configuration; no lease, no name
        Optional<BootChoice> boot = bootChoice(request, mac);
        // A PXE client with an address of its own asks by INFORM what to boot: options 66/67 as in an ACK.
        boot.ifPresent(b -> addBoot(available, b, request));
        DhcpMessage reply = reply(request, DhcpMessageType.ACK, Ip4.ANY, boot.orElse(null), select(request, available));
        return Outcome.reply(new Reply(reply, destination(request, false), boot.map(BootChoice::file).orElse(null)));
    }

    private Reply lease(DhcpMessage request, MacAddress mac, DhcpMessageType type, Inet4Address address) {
        Map<Integer, DhcpOption> available = available(request, mac, true);
        Optional<BootChoice> boot = bootChoice(request, mac);
        boot.ifPresent(b -> addBoot(available, b, request));
        DhcpMessage reply = reply(request, type, address, boot.orElse(null), select(request, available));
        return new Reply(reply, destination(request, false), boot.map(BootChoice::file).orElse(null));
    }

    private Reply nak(DhcpMessage request, String why) {
        List<DhcpOption> options = List.of(new MessageType(DhcpMessageType.NAK),
                new ServerIdentifier(config.serverAddress()), new Message(why));
        DhcpMessage reply = new DhcpMessage(DhcpMessage.BOOTREPLY, request.htype(), request.hlen(), 0, request.xid(), 0,
                Ip4.isZero(request.giaddr()) ? request.flags() : request.flags() | DhcpMessage.FLAG_BROADCAST,
                Ip4.ANY, Ip4.ANY, Ip4.ANY, request.giaddr(), request.chaddr(), "", "", new DhcpOptions(options));
        return new Reply(reply, destination(request, true), null);
    }

    /** Every option this server could send this client, by code. */
    private Map<Integer, DhcpOption> available(DhcpMessage request, MacAddress mac, boolean withLease) {
        Map<Integer, DhcpOption> m = new LinkedHashMap<>();
        m.put(54, new ServerIdentifier(config.serverAddress()));
        if (withLease) {
            long seconds = config.leaseTime().toSeconds();
            m.put(51, new LeaseTime(seconds));
            m.put(58, new RenewalTime(seconds / 2));
            m.put(59, new RebindingTime(seconds * 7 / 8));
        }
        m.put(1, new SubnetMask(config.subnetMask()));
        if (config.router() != null) {
            m.put(3, new Routers(List.of(config.router())));
        }
        if (!config.dnsServers().isEmpty()) {
            m.put(6, new DomainNameServers(config.dnsServers()));
        }
        leases.staticLease(mac).map(StaticLease::hostname).ifPresent(h -> m.put(12, new HostName(h)));
        if (config.domainName() != null) {
            m.put(15, new DomainName(config.domainName()));
        }
        m.put(28, new BroadcastAddress(config.broadcastAddress()));
        request.options().get(ClientMachineId.class).ifPresent(id -> m.put(97, id));
        return m;
    }

    private void addBoot(Map<Integer, DhcpOption> m, BootChoice boot, DhcpMessage request) {
        m.put(66, new TftpServerName(config.serverAddress().getHostAddress()));
        m.put(67, new BootFileName(boot.file()));
        if (boot.vendorClass() != null) {
            m.put(60, new VendorClass(boot.vendorClass()));
        }
        if (boot.kind() == BootChoice.Kind.IPXE) {
            var hints = config.ipxeHints();
            if (hints.contains(DhcpServerConfig.IpxeHint.NO_PXEDHCP)) {
                m.put(175, IpxeEncapsulated.noPxeDhcp());
            }
            if (hints.contains(DhcpServerConfig.IpxeHint.VENDOR_CLASS_PXECLIENT)) {
                m.put(60, new VendorClass("PXEClient"));
            }
            if (hints.contains(DhcpServerConfig.IpxeHint.PXE_DISCOVERY_CONTROL)) {
                // PXE sub-option 6 (discovery control) = 8: boot the file given, no boot server discovery.
                m.put(43, new VendorSpecific(new byte[] {6, 1, 8, (byte) 255}));
            }
        }
    }

    /**
     * Option 55 decides which of the optional options go out and in which order; the options a
     * reply must carry and the boot information come regardless. Without option 55, everything.
     */
    private static List<DhcpOption> select(DhcpMessage request, Map<Integer, DhcpOption> available) {
        Optional<List<Integer>> prl = request.options().get(ParameterRequestList.class)
                .map(ParameterRequestList::codes);
        List<Integer> order = new ArrayList<>(ALWAYS);
        prl.ifPresent(order::addAll);
        order.addAll(BOOT);
        if (prl.isEmpty()) {
            order.addAll(available.keySet());
        }
        List<DhcpOption> out = new ArrayList<>();
        for (int code : order) {
            DhcpOption o = available.remove(code);
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    private DhcpMessage reply(DhcpMessage request, DhcpMessageType type, Inet4Address yiaddr, BootChoice boot,
                              List<DhcpOption> options) {
        List<DhcpOption> all = new ArrayList<>();
        all.add(new MessageType(type));
        all.addAll(options);
        String file = boot != null && boot.file().length() < 128 ? boot.file() : "";
        Inet4Address siaddr = boot != null ? config.serverAddress() : Ip4.ANY;
        return new DhcpMessage(DhcpMessage.BOOTREPLY, request.htype(), request.hlen(), 0, request.xid(), 0,
                request.flags(), type == DhcpMessageType.ACK && !Ip4.isZero(request.ciaddr()) ? request.ciaddr() : Ip4.ANY,
                yiaddr, siaddr, request.giaddr(), request.chaddr(), "", file, new DhcpOptions(all));
    }

    /** RFC 2131 4.1: relay first, NAKs broadcast, then the client's own address, else broadcast. */
    private static InetSocketAddress destination(DhcpMessage request, boolean nak) {
        if (!Ip4.isZero(request.giaddr())) {
            return new InetSocketAddress(request.giaddr(), SERVER_PORT);
        }
        if (!nak && !Ip4.isZero(request.ciaddr())) {
            return new InetSocketAddress(request.ciaddr(), CLIENT_PORT);
        }
        return new InetSocketAddress(Ip4.BROADCAST, CLIENT_PORT);
    }

    /** The largest reply this client accepts (option 57 counts IP and UDP headers, 28 bytes). */
    static int maxPayload(DhcpMessage request) {
        int mms = request.options().get(MaxMessageSize.class).map(MaxMessageSize::size).orElse(576);
        return Math.max(DhcpCodec.DEFAULT_MAX_PAYLOAD, Math.min(mms, 1500) - 28);
    }
}
