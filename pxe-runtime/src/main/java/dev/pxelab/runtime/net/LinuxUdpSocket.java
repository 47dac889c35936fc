package dev.pxelab.runtime.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An IPv4 UDP socket tied to one network interface with {@code SO_BINDTODEVICE}, which Java's
 * sockets cannot do. Bound to {@code 0.0.0.0:port}, it receives only what arrives on that
 * interface (so several servers on the same port, one per interface, never see each other's
 * clients) and sends limited broadcasts out of that interface even without a default route.
 *
 * <p>Linux only (x86_64 and aarch64 share the constants used here). Thread-safe for one receiving
 * thread plus any number of senders; {@link #close()} wakes a blocked {@link #receive}.
 */
public final class LinuxUdpSocket implements AutoCloseable {

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_BROADCAST = 6;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_BINDTODEVICE = 25;
    private static final int MSG_TRUNC = 0x20;
    private static final int SHUT_RDWR = 2;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    static {
        Native.register(LinuxUdpSocket.class, "c");
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    private static native int bind(int fd, byte[] addr, int len) throws LastErrorException;

    private static native long recvfrom(int fd, Pointer buf, long len, int flags, Pointer from, Pointer fromLen)
            throws LastErrorException;

    private static native long sendto(int fd, byte[] buf, long len, int flags, byte[] to, int toLen)
            throws LastErrorException;

    private static native int shutdown(int fd, int how) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    /** One received datagram: {@code length} is its real size, which exceeds the buffer when truncated. */
    public record Datagram(int length, InetSocketAddress source) {
        public boolean truncated(byte[] buffer) {
            return length > buffer.length;
        }
    }

    private final int fd;
    private final String device;
    /** Native receive buffers, reused: receive() is for one thread at a time. */
    private Memory receiveBuffer = new Memory(4096);
    private final Memory from = new Memory(16);
    private final Memory fromLen = new Memory(4);
    private volatile boolean closed;
    /** Receivers inside recvfrom: the descriptor is closed only when none is, so it is never reused under them. */
    private final AtomicInteger receivers = new AtomicInteger();
    private final AtomicBoolean fdClosed = new AtomicBoolean();

    private LinuxUdpSocket(int fd, String device) {
        this.fd = fd;
        this.device = device;
    }

    /**
     * Opens a socket bound to {@code 0.0.0.0:port} on {@code device} with SO_REUSEADDR and
     * SO_BROADCAST set.
     */
    public static LinuxUdpSocket bind(String device, int port) throws IOException {
        int fd;
        try {
            fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_INET, SOCK_DGRAM): errno " + e.getErrorCode(), e);
        }
        try {
            setInt(fd, SO_REUSEADDR, 1, "SO_REUSEADDR");
            setInt(fd, SO_BROADCAST, 1, "SO_BROADCAST");
            setInt(fd, SO_RCVBUF, 1 << 20, "SO_RCVBUF");
            // A timeout bounds how long a receive can outlive close(), should shutdown() not wake it.
            setOption(fd, SO_RCVTIMEO, timeval(500), "SO_RCVTIMEO");
            byte[] name = (device + "\0").getBytes(StandardCharsets.US_ASCII);
            setOption(fd, SO_BINDTODEVICE, name, "SO_BINDTODEVICE " + device);
            try {
                bind(fd, sockaddr(new byte[4], port), 16);
            } catch (LastErrorException e) {
                throw new IOException("bind 0.0.0.0:" + port + " on " + device + ": errno " + e.getErrorCode(), e);
            }
            return new LinuxUdpSocket(fd, device);
        } catch (IOException | RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    public String device() {
        return device;
    }

    /**
     * Blocks until a datagram arrives and copies it into {@code buffer}; returns null when the
     * socket was closed meanwhile.
     */
    public Datagram receive(byte[] buffer) throws IOException {
        receivers.incrementAndGet();
        try {
            return receiveOnce(buffer);
        } finally {
            if (receivers.decrementAndGet() == 0 && closed) {
                closeDescriptor();
            }
        }
    }

    private Datagram receiveOnce(byte[] buffer) throws IOException {
        if (receiveBuffer.size() < buffer.length) {
            receiveBuffer = new Memory(buffer.length);
        }
        while (!closed) {
            long n;
            try {
                fromLen.setInt(0, 16);
                n = recvfrom(fd, receiveBuffer, buffer.length, MSG_TRUNC, from, fromLen);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                    continue;
                }
                if (closed) {
                    return null;
                }
                throw new IOException("recvfrom on " + device + ": errno " + e.getErrorCode(), e);
            }
            if (closed) {
                return null;
            }
            if (n == 0 && fromLen.getInt(0) == 0) {
                continue; // woken by shutdown() but not closed: cannot happen, but never spin on it
            }
            receiveBuffer.read(0, buffer, 0, (int) Math.min(n, buffer.length));
            byte[] source = from.getByteArray(0, 8);
            int port = ((source[2] & 0xff) << 8) | (source[3] & 0xff);
            return new Datagram((int) n, new InetSocketAddress(toAddress(source, 4), port));
        }
        return null;
    }

    /** Sends {@code length} bytes of {@code data} to {@code target} out of this socket's device. */
    public void send(byte[] data, int length, InetSocketAddress target) throws IOException {
        if (!(target.getAddress() instanceof Inet4Address a)) {
            throw new IllegalArgumentException("not an IPv4 target: " + target);
        }
        try {
            sendto(fd, data, length, 0, sockaddr(a.getAddress(), target.getPort()), 16);
        } catch (LastErrorException e) {
            throw new IOException("sendto " + target + " on " + device + ": errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            shutdown(fd, SHUT_RDWR); // wakes a thread blocked in recvfrom (ENOTCONN is expected here)
        } catch (LastErrorException ignored) {
            // an unconnected UDP socket reports ENOTCONN but is woken all the same
        }
        if (receivers.get() == 0) {
            closeDescriptor();
        }
    }

    private void closeDescriptor() {
        if (fdClosed.compareAndSet(false, true)) {
            closeQuietly(fd);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (LastErrorException ignored) {
            // nothing useful to do
        }
    }

    private static void setInt(int fd, int option, int value, String what) throws IOException {
        setOption(fd, option, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array(), what);
    }

    private static void setOption(int fd, int option, byte[] value, String what) throws IOException {
        try {
            setsockopt(fd, SOL_SOCKET, option, value, value.length);
        } catch (LastErrorException e) {
            throw new IOException("setsockopt " + what + ": errno " + e.getErrorCode()
                    + (e.getErrorCode() == 1 ? " (needs CAP_NET_RAW)" : e.getErrorCode() == 19 ? " (no such device)" : ""), e);
        }
    }

    private static byte[] timeval(int millis) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putLong(millis / 1000).putLong((millis % 1000) * 1000L).array();
    }

    private static byte[] sockaddr(byte[] address, int port) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.order(ByteOrder.nativeOrder()).putShort((short) AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).put(address);
        return b.array();
    }

    private static Inet4Address toAddress(byte[] b, int offset) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
