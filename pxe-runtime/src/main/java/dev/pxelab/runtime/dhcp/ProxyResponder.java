package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.dhcp.DhcpOption.BootFileName;
import dev.pxelab.runtime.dhcp.DhcpOption.ClientArchitecture;
import dev.pxelab.runtime.dhcp.DhcpOption.ClientMachineId;
import dev.pxelab.runtime.dhcp.DhcpOption.MessageType;
import dev.pxelab.runtime.dhcp.DhcpOption.ServerIdentifier;
import dev.pxelab.runtime.dhcp.DhcpOption.TftpServerName;
import dev.pxelab.runtime.dhcp.DhcpOption.VendorClass;
import dev.pxelab.runtime.dhcp.DhcpOption.VendorSpecific;
import dev.pxelab.runtime.dhcp.Responder.Outcome;
import dev.pxelab.runtime.dhcp.Responder.Reply;
import dev.pxelab.runtime.dhcp.Responder.Silence;
import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decisions of a proxy DHCP server (PXE specification 2.1, section 2.2.3; the way dnsmasq's
 * {@code dhcp-range=...,proxy} and pixiecore answer): another server on the segment hands out the
 * addresses, this one only tells PXE clients what to boot. No I/O, like {@link Responder}.
 *
 * <ul>
 *   <li>Only PXE clients (option 60 {@code PXEClient...} or an option 93 architecture) the lab
 *       knows by MAC get an answer: on someone else's network, every other machine's DHCP is none
 *       of pxelab's business, and neither are relayed clients on other subnets.</li>
 *   <li>Port 67: a DISCOVER gets an OFFER without an address ({@code yiaddr} 0) carrying option 60
 *       {@code PXEClient}, the boot file and the boot server, broadcast: the client has no address yet.
 *       iPXE takes both offers at once (a DHCP offer and a PXEClient offer end its wait).</li>
 *   <li>Port 4011: once the client has its lease from the other server, it asks the proxy again
 *       (iPXE and PXE ROMs send a REQUEST, some an INFORM, from their new address); it gets an ACK
 *       with the same boot information, sent back to where it came from. iPXE takes its boot file
 *       from this ACK only.</li>
 * </ul>
 */
final class ProxyResponder {

    private static final int CLIENT_PORT = 68;
    /** PXE option 43, sub-option 6 (discovery control) = 8: boot the file given, no boot server discovery, no menu. */
    private static final byte[] USE_BOOT_FILE = {6, 1, 8, (byte) 255};

    private final DhcpServerConfig config;

    ProxyResponder(DhcpServerConfig config) {
        this.config = config;
    }

    /**
     * @param source         where the request came from
     * @param bootServerPort whether it arrived on the boot server port (4011) rather than 67
     */
    Outcome respond(DhcpMessage request, InetSocketAddress source, boolean bootServerPort) {
        return Outcome.forClientRequest(request, (mac, type) -> respond(request, mac, type, source, bootServerPort));
    }

    private Outcome respond(DhcpMessage request, MacAddress mac, DhcpMessageType type, InetSocketAddress source,
                            boolean bootServerPort) {
        if (!isPxeClient(request) || !Ip4.isZero(request.giaddr())) {
            return Outcome.silent(Silence.NOT_FOR_US);
        }
        Optional<Inet4Address> serverId = request.options().get(ServerIdentifier.class).map(ServerIdentifier::address);
        if (serverId.isPresent() && !serverId.get().equals(config.serverAddress())) {
            return Outcome.silent(Silence.NOT_FOR_US);
        }
        if (!config.knows(mac)) {
            return Outcome.silent(Silence.NO_LEASE);
        }
        Optional<BootChoice> boot = BootChoice.of(request, mac, config.serverAddress(), config.bootFiles());
        if (boot.isEmpty()) {
            return Outcome.silent(Silence.NOTHING_TO_SAY);
        }
        if (!bootServerPort) {
            return type == DhcpMessageType.DISCOVER
                    ? Outcome.reply(reply(request, DhcpMessageType.OFFER, boot.get(),
                            new InetSocketAddress(Ip4.BROADCAST, CLIENT_PORT), null))
                    : Outcome.silent(Silence.NOTHING_TO_SAY); // the lease is the other server's business
        }
        if (type != DhcpMessageType.REQUEST && type != DhcpMessageType.INFORM) {
            return Outcome.silent(Silence.NOT_A_REQUEST_TYPE);
        }
        if (!(source.getAddress() instanceof Inet4Address from) || !config.inSubnet(from) || Ip4.isZero(from)) {
            // Never answer outside the lab subnet: the reply would leave by a route, not by this segment.
            return Outcome.silent(Silence.NOT_FOR_US);
        }
        return Outcome.reply(reply(request, DhcpMessageType.ACK, boot.get(), source, from));
    }

    /** PXE clients say so with vendor class {@code PXEClient...} (iPXE too) or a client architecture. */
    static boolean isPxeClient(DhcpMessage request) {
        return request.options().get(VendorClass.class).map(v -> v.id().startsWith("PXEClient")).orElse(false)
                || request.options().get(ClientArchitecture.class).isPresent();
    }

    private Reply reply(DhcpMessage request, DhcpMessageType type, BootChoice boot, InetSocketAddress destination,
                        Inet4Address clientAddress) {
        List<DhcpOption> options = new ArrayList<>();
        options.add(new MessageType(type));
        options.add(new ServerIdentifier(config.serverAddress()));
        options.add(new VendorClass(boot.vendorClass() != null ? boot.vendorClass() : "PXEClient"));
        request.options().get(ClientMachineId.class).ifPresent(options::add);
        options.add(new TftpServerName(config.serverAddress().getHostAddress()));
        options.add(new BootFileName(boot.file()));
        options.add(new VendorSpecific(USE_BOOT_FILE));
        String file = boot.file().length() < 128 ? boot.file() : "";
        Inet4Address ciaddr = type == DhcpMessageType.ACK ? request.ciaddr() : Ip4.ANY;
        DhcpMessage message = new DhcpMessage(DhcpMessage.BOOTREPLY, request.htype(), request.hlen(), 0, request.xid(),
                0, request.flags(), ciaddr, Ip4.ANY, config.serverAddress(), Ip4.ANY, request.chaddr(), "", file,
                new DhcpOptions(options));
        return new Reply(message, destination, boot.file(), clientAddress);
    }
}
