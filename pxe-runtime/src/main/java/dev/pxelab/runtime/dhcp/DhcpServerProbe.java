package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.dhcp.DhcpOption.ClientArchitecture;
import dev.pxelab.runtime.dhcp.DhcpOption.MessageType;
import dev.pxelab.runtime.dhcp.DhcpOption.ParameterRequestList;
import dev.pxelab.runtime.dhcp.DhcpOption.ServerIdentifier;
import dev.pxelab.runtime.dhcp.DhcpOption.VendorClass;
import dev.pxelab.runtime.net.LinuxUdpSocket;
import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks a segment whether it already has a DHCP server before pxelab answers on it: broadcasts a
 * DHCPDISCOVER from the interface the way a BIOS PXE client would (vendor class {@code PXEClient},
 * architecture 0, broadcast flag) and collects the OFFERs that come back within a short time.
 * An ordinary server offers an address; a proxy DHCP server (another PXE boot server) answers
 * with {@code PXEClient} and no address. Both are reported.
 *
 * <p>What a probe cannot see: a server that answers only MACs it knows (static leases only), and
 * one that is down at this moment. The probe is the last line of safety, not the first: serving
 * someone else's network stays a decision of whoever runs pxelab.
 */
public final class DhcpServerProbe {

    private static final int CLIENT_PORT = 68;
    private static final int SERVER_PORT = 67;

    /**
     * One server that answered.
     *
     * @param server  its server identifier (option 54), else the reply's source
     * @param offered the address it offered, or null: a proxy DHCP server's PXE-only offer
     */
    public record ForeignServer(Inet4Address server, Inet4Address offered) {

        /** Whether it hands out addresses, rather than only boot information. */
        public boolean offersAddresses() {
            return offered != null;
        }

        @Override
        public String toString() {
            return server.getHostAddress() + (offered != null ? " (offered " + offered.getHostAddress() + ")"
                    : " (proxy DHCP: PXE boot information, no address)");
        }
    }

    private DhcpServerProbe() {
    }

    /**
     * Sends a DISCOVER on {@code interfaceName} as {@code mac} (twice, at the start and halfway)
     * and returns every server that offered within {@code listen}, in the order they answered.
     *
     * @throws IOException when port 68 on the interface cannot be bound or the DISCOVER cannot be sent
     */
    public static List<ForeignServer> probe(String interfaceName, MacAddress mac, Duration listen) throws IOException {
        int xid = new SecureRandom().nextInt();
        byte[] discover = DhcpCodec.encode(discover(mac, xid), DhcpCodec.DEFAULT_MAX_PAYLOAD).bytes();
        InetSocketAddress servers = new InetSocketAddress(Ip4.BROADCAST, SERVER_PORT);
        Map<Inet4Address, ForeignServer> found = new LinkedHashMap<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dhcp-probe-" + interfaceName);
            t.setDaemon(true);
            return t;
        });
        try (LinuxUdpSocket socket = LinuxUdpSocket.bind(interfaceName, CLIENT_PORT)) {
            socket.send(discover, discover.length, servers);
            timer.schedule(() -> {
                try {
                    socket.send(discover, discover.length, servers);
                } catch (IOException ignored) {
                    // the first DISCOVER went out; a lost second one only lowers the odds
                }
            }, listen.toMillis() / 2, TimeUnit.MILLISECONDS);
            // receive() blocks until a datagram arrives or the socket closes: closing ends the listening.
            timer.schedule(socket::close, listen.toMillis(), TimeUnit.MILLISECONDS);
            byte[] buffer = new byte[4096];
            LinuxUdpSocket.Datagram d;
            while ((d = socket.receive(buffer)) != null) {
                offer(buffer, d, xid).ifPresent(server -> found.putIfAbsent(server.server(), server));
            }
        } finally {
            timer.shutdownNow();
        }
        return List.copyOf(found.values());
    }

    private static Optional<ForeignServer> offer(byte[] buffer, LinuxUdpSocket.Datagram d, int xid) {
        if (d.truncated(buffer)) {
            return Optional.empty();
        }
        DhcpMessage reply;
        try {
            reply = DhcpCodec.decode(buffer, d.length());
        } catch (DhcpFormatException e) {
            return Optional.empty();
        }
        if (reply.op() != DhcpMessage.BOOTREPLY || reply.xid() != xid
                || reply.type().filter(t -> t == DhcpMessageType.OFFER).isEmpty()) {
            return Optional.empty();
        }
        Inet4Address server = reply.options().get(ServerIdentifier.class).map(ServerIdentifier::address)
                .orElse((Inet4Address) d.source().getAddress());
        return Optional.of(new ForeignServer(server, Ip4.isZero(reply.yiaddr()) ? null : reply.yiaddr()));
    }

    private static DhcpMessage discover(MacAddress mac, int xid) {
        byte[] chaddr = new byte[16];
        System.arraycopy(mac.bytes(), 0, chaddr, 0, 6);
        List<DhcpOption> options = new ArrayList<>(List.of(new MessageType(DhcpMessageType.DISCOVER),
                new VendorClass("PXEClient:Arch:00000:UNDI:002001"),
                new ClientArchitecture(List.of(0)),
                new ParameterRequestList(List.of(1, 3, 6, 43, 54, 60, 66, 67))));
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 6, 0, xid, 0, DhcpMessage.FLAG_BROADCAST, Ip4.ANY, Ip4.ANY,
                Ip4.ANY, Ip4.ANY, chaddr, "", "", new DhcpOptions(options));
    }
}
