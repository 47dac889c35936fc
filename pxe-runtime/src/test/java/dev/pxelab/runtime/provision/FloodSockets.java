package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.testing.InNamespace;
import dev.pxelab.runtime.testing.PeerNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets a hostile client namespace floods a lab server from: DHCP's client port 68, and
 * 128 TFTP client ports spread over several client addresses, so that the TFTP server meets many
 * transfer IDs and reaches its limits on transfers per client and in total.
 *
 * <p>They live in the test JVM, so they count among its file descriptors: opened before the
 * baseline is taken and closed after the last measurement, they do not blur the server's figures.
 */
final class FloodSockets implements AutoCloseable {

    /** A transfer per port at most (the port is its TID): twice the lab's limit on transfers in total. */
    private static final int TFTP_PORTS = 128;

    private final DatagramChannel dhcp;
    private final List<DatagramChannel> tftp;
    private final InetSocketAddress dhcpServer;
    private final InetSocketAddress tftpServer;
    private int nextTftp;

    private FloodSockets(DatagramChannel dhcp, List<DatagramChannel> tftp, InetSocketAddress dhcpServer,
                         InetSocketAddress tftpServer) {
        this.dhcp = dhcp;
        this.tftp = tftp;
        this.dhcpServer = dhcpServer;
        this.tftpServer = tftpServer;
    }

    /** Opens the sockets in {@code peer}'s namespace, TFTP's on {@code clientAddresses} in turn, aimed at {@code server}. */
    static FloodSockets open(PeerNamespace peer, List<String> clientAddresses, String server) throws Exception {
        DatagramChannel dhcp = InNamespace.call(peer.pid(), () -> DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true).setOption(StandardSocketOptions.SO_BROADCAST, true)
                .bind(new InetSocketAddress(68)));
        List<DatagramChannel> tftp = new ArrayList<>();
        for (int i = 0; i < TFTP_PORTS; i++) {
            InetSocketAddress local = new InetSocketAddress(Ipv4.parse(clientAddresses.get(i % clientAddresses.size())), 0);
            tftp.add(InNamespace.call(peer.pid(), () -> DatagramChannel.open(StandardProtocolFamily.INET).bind(local)));
        }
        return new FloodSockets(dhcp, tftp, new InetSocketAddress(Ipv4.parse(server), 67),
                new InetSocketAddress(Ipv4.parse(server), 69));
    }

    void sendDhcp(byte[] datagram) throws IOException {
        dhcp.send(ByteBuffer.wrap(datagram), dhcpServer);
    }

    /** Sends from the next of the TFTP client ports, in turn. */
    void sendTftp(byte[] datagram) throws IOException {
        tftp.get(nextTftp++ % tftp.size()).send(ByteBuffer.wrap(datagram), tftpServer);
    }

    @Override
    public void close() throws IOException {
        dhcp.close();
        for (DatagramChannel channel : tftp) {
            channel.close();
        }
    }
}
