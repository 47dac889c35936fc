package dev.pxelab.runtime.tftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A TFTP client under the test's control, byte by byte: it can send malformed requests, leave
 * out ACKs, repeat them or abort, which real clients never do on purpose.
 */
final class TftpTestClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    /** The transfer's own address (its TID), learnt from the first reply. */
    private InetSocketAddress peer;
    private final byte[] buf = new byte[65536];

    TftpTestClient(InetSocketAddress server) throws IOException {
        this(server, InetAddress.getLoopbackAddress());
    }

    /** A client sending from {@code local}, e.g. another loopback address (127.0.0.2) as a second machine. */
    TftpTestClient(InetSocketAddress server, InetAddress local) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
    }

    void read(String file, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        send(TftpPacket.Request.read(file, "octet", map), server);
    }

    void sendToServerPort(byte[] raw) {
        sendRaw(raw, server);
    }

    void send(TftpPacket packet, InetSocketAddress to) {
        sendRaw(TftpCodec.encode(packet), to);
    }

    void ack(int block) {
        send(new TftpPacket.Ack(block), peer);
    }

    void error(int code, String message) {
        send(new TftpPacket.Error(code, message), peer);
    }

    InetSocketAddress peer() {
        return peer;
    }

    private void sendRaw(byte[] raw, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(raw, raw.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next packet, failing the test if none comes within {@code timeout}. */
    TftpPacket receive(Duration timeout) {
        return receiveWithin(timeout).orElseThrow(() -> new AssertionError("no packet from the server within " + timeout));
    }

    <T extends TftpPacket> T receive(Class<T> type) {
        TftpPacket p = receive(Duration.ofSeconds(3));
        if (!type.isInstance(p)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + p);
        }
        return type.cast(p);
    }

    Optional<TftpPacket> receiveWithin(Duration timeout) {
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.receive(dp);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InetSocketAddress from = (InetSocketAddress) dp.getSocketAddress();
        if (!from.equals(server)) {
            peer = from;
        }
        try {
            return Optional.of(TftpCodec.decode(ByteBuffer.wrap(buf, 0, dp.getLength())));
        } catch (MalformedPacketException e) {
            throw new AssertionError("server sent a malformed packet: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
