package dev.pxelab.runtime.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.dhcp.DhcpOption.ServerIdentifier;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.testing.InNamespace;
import dev.pxelab.runtime.testing.PeerNamespace;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Garbage on the wire: the server drops it, counts it, and goes on serving. The datagrams come
 * from a DatagramChannel opened inside the peer namespace, so they arrive over the veth exactly
 * as a broken client's would.
 */
class DhcpServerBadInputTest {

    static final String MAC = "52:54:00:00:00:11";
    static final InetSocketAddress SERVER = new InetSocketAddress(Ipv4.parse("192.168.105.1"), 67);

    @Test
    void malformedAndForeignPacketsAreCountedAndTheServerKeepsServing() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", MAC)) {
            peer.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.105.50/24", "dev", peer.peerSide())
                    .assertSucceeded();
            DatagramChannel client = InNamespace.call(peer.pid(), () -> DatagramChannel.open(StandardProtocolFamily.INET)
                    .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                    .setOption(StandardSocketOptions.SO_BROADCAST, true)
                    .bind(new InetSocketAddress(68)));
            DhcpServerConfig config = DhcpServerConfig.builder(peer.hostSide(), Ipv4.parse("192.168.105.1"), 24)
                    .staticLease(MAC, "192.168.105.11", "web-1").build();
            try (client; DhcpServer server = DhcpServer.start(config, null)) {
                byte[] valid = DhcpCodec.encode(Packets.request(MAC, DhcpMessageType.DISCOVER), 548).bytes();

                send(client, new byte[] {1, 2, 3});                                    // short
                send(client, patched(valid, 0, 7));                                    // op neither 1 nor 2
                send(client, patched(valid, 236, 0));                                  // magic cookie
                send(client, patched(patched(valid, 243, 12), 244, 250));              // option length past the end
                send(client, patched(patched(valid, 240, 53), 241, 2));                // message type 2 bytes long
                send(client, new byte[5000]);                                          // larger than any DHCP message
                send(client, patched(valid, 0, DhcpMessage.BOOTREPLY));                // a reply, not a request
                send(client, DhcpCodec.encode(Packets.request(MAC, DhcpMessageType.REQUEST,
                        new DhcpOption.RequestedAddress(Ipv4.parse("192.168.105.11")),
                        new ServerIdentifier(Ipv4.parse("192.168.105.2"))), 548).bytes()); // for another server

                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> dropped(server.stats()) == 8);
                DhcpServer.Stats stats = server.stats();
                assertThat(stats.malformed()).isEqualTo(5);
                assertThat(stats.oversized()).isEqualTo(1);
                assertThat(stats.foreign()).isEqualTo(2);
                assertThat(stats.replies()).isZero();
                assertThat(stats.errors()).isZero();

                send(client, valid);
                DhcpMessage offer = receive(client);
                assertThat(offer.type()).contains(DhcpMessageType.OFFER);
                assertThat(offer.yiaddr()).isEqualTo(Ipv4.parse("192.168.105.11"));
                // the counter moves just after the send, so the client may see the offer first
                Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> server.stats().replies() == 1);
            }
        }
    }

    @Test
    void closeStopsTheServerPromptlyAndFreesThePort() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", MAC)) {
            DhcpServerConfig config = DhcpServerConfig.builder(peer.hostSide(), Ipv4.parse("192.168.105.1"), 24).build();
            DhcpServer first = DhcpServer.start(config, null);
            long start = System.nanoTime();
            first.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("dhcp-" + peer.hostSide()));
            DhcpServer.start(config, null).close();
        }
    }

    @Test
    void refusesAnInterfaceWithoutTheServerAddress() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", MAC)) {
            DhcpServerConfig config = DhcpServerConfig.builder(peer.hostSide(), Ipv4.parse("192.168.106.1"), 24).build();
            assertThatThrownBy(() -> DhcpServer.start(config, null))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("interface " + peer.hostSide() + " does not have the server address 192.168.106.1")
                    .hasMessageContaining("192.168.105.1");
        }
    }

    private static long dropped(DhcpServer.Stats s) {
        return s.malformed() + s.oversized() + s.foreign() + s.unanswered() + s.errors();
    }

    private static byte[] patched(byte[] b, int offset, int value) {
        byte[] copy = Arrays.copyOf(b, b.length);
        copy[offset] = (byte) value;
        return copy;
    }

    private static void send(DatagramChannel client, byte[] data) throws Exception {
        client.send(ByteBuffer.wrap(data), SERVER);
    }

    private static DhcpMessage receive(DatagramChannel client) throws Exception {
        client.socket().setSoTimeout(5000);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        client.socket().receive(p);
        return DhcpCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
    }
}
