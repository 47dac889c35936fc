package dev.pxelab.runtime.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends minimal IPv6 router advertisements on a lab bridge: iPXE starts IPv6 autoconfiguration
 * alongside DHCPv4 and, on a network without a router, waits ~13 s for an advertisement before
 * it goes on. An advertisement with router lifetime 0, no M/O flags and no prefix ends that wait
 * at once ("no DHCPv6, nothing more to configure") without giving the guest an IPv6 route.
 *
 * <p>Java has no ICMPv6, so this uses a raw {@code AF_INET6/SOCK_RAW/IPPROTO_ICMPV6} socket via
 * JNA. The kernel fills in the ICMPv6 checksum on such sockets. Advertisements go to ff02::1 every
 * {@value #INTERVAL_MILLIS} ms and at once in answer to a router solicitation.
 *
 * <p>A lab's bridge gets one from {@link LabNetwork}; the provisioner starts one on an interface it
 * serves but did not create, when asked to and when {@link ForeignRouterProbe} heard no other router.
 */
public final class RouterAdvertiser implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouterAdvertiser.class);
    static final int INTERVAL_MILLIS = 2000;
    /** Short, so that close() finds the thread at once; periodic sends go by the clock. */
    private static final int RECEIVE_TIMEOUT_MILLIS = 250;

    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_IPV6 = 41;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVTIMEO = 20;
    static final int SO_BINDTODEVICE = 25;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_JOIN_GROUP = 20;
    static final int ICMP6_FILTER = 1;
    static final int ROUTER_SOLICITATION = 133;
    static final int ROUTER_ADVERTISEMENT = 134;
    private static final byte[] ALL_NODES = HexFormat.of().parseHex("ff020000000000000000000000000001");
    static final byte[] ALL_ROUTERS = HexFormat.of().parseHex("ff020000000000000000000000000002");

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

        long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        long recvfrom(int fd, byte[] buffer, long length, int flags, byte[] address, IntByReference addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int if_nametoindex(String name);
    }

    private final String interfaceName;
    private final int ifIndex;
    private final int fd;
    private final byte[] advertisement;
    private final Thread thread;
    private volatile boolean running = true;

    private RouterAdvertiser(String interfaceName, int ifIndex, int fd, byte[] advertisement) {
        this.interfaceName = interfaceName;
        this.ifIndex = ifIndex;
        this.fd = fd;
        this.advertisement = advertisement;
        this.thread = new Thread(this::loop, "pxelab-ra-" + interfaceName);
        this.thread.setDaemon(true);
    }

    /**
     * Starts advertising on {@code interfaceName}, whose own MAC goes into the advertisements.
     *
     * @throws IOException when the interface does not exist or the raw socket cannot be set up
     *                     (it needs CAP_NET_RAW)
     */
    public static RouterAdvertiser start(String interfaceName, MacAddress interfaceMac) throws IOException {
        LibC libc = LibC.INSTANCE;
        int ifIndex = libc.if_nametoindex(interfaceName);
        if (ifIndex == 0) {
            throw new IOException("no interface " + interfaceName + " in this namespace");
        }
        byte[] mac = interfaceMac.bytes();
        int fd;
        try {
            fd = libc.socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a raw ICMPv6 socket (needs CAP_NET_RAW): errno " + e.getErrorCode(), e);
        }
        try {
            byte[] name = (interfaceName + "\0").getBytes(StandardCharsets.US_ASCII);
            libc.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, name.length);
            // RFC 4861: routers send, and hosts only accept, advertisements with hop limit 255.
            libc.setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, intBytes(255), 4);
            libc.setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, intBytes(255), 4);
            libc.setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, intBytes(ifIndex), 4);
            libc.setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, intBytes(0), 4);
            libc.setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, onlySolicitations(), 32);
            byte[] timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                    .putLong(0).putLong(RECEIVE_TIMEOUT_MILLIS * 1000L).array();
            libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
            try {
                byte[] membership = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder())
                        .put(ALL_ROUTERS).putInt(ifIndex).array();
                libc.setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, membership, 20);
            } catch (LastErrorException e) {
                LOG.debug("{}: cannot join ff02::2 (errno {}); advertising periodically only",
                        interfaceName, e.getErrorCode());
            }
        } catch (LastErrorException e) {
            libc.close(fd);
            throw new IOException("cannot set up the router advertisement socket on " + interfaceName
                    + ": errno " + e.getErrorCode(), e);
        }
        RouterAdvertiser advertiser = new RouterAdvertiser(interfaceName, ifIndex, fd, advertisement(mac));
        advertiser.thread.start();
        return advertiser;
    }

    /** Router advertisement: lifetime 0, no flags, no prefix; only the source link-layer address. */
    static byte[] advertisement(byte[] mac) {
        ByteBuffer b = ByteBuffer.allocate(24);
        b.put((byte) ROUTER_ADVERTISEMENT).put((byte) 0).putShort((short) 0); // type, code, checksum (kernel)
        b.put((byte) 0).put((byte) 0).putShort((short) 0); // cur hop limit unspecified, M=O=0, lifetime 0
        b.putInt(0).putInt(0); // reachable time, retrans timer: unspecified
        b.put((byte) 1).put((byte) 1).put(mac); // option 1: source link-layer address, 8 bytes
        return b.array();
    }

    /** ICMP6_FILTER bitmap: a set bit blocks a type; let only router solicitations through. */
    private static byte[] onlySolicitations() {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        for (int word = 0; word < 8; word++) {
            int bits = -1;
            if (word == ROUTER_SOLICITATION >> 5) {
                bits &= ~(1 << (ROUTER_SOLICITATION & 31));
            }
            b.putInt(bits);
        }
        return b.array();
    }

    static byte[] intBytes(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    private void loop() {
        byte[] buffer = new byte[1500];
        byte[] from = new byte[28];
        long nextPeriodic = 0;
        while (running) {
            if (System.nanoTime() - nextPeriodic >= 0) {
                send("periodic");
                nextPeriodic = System.nanoTime() + INTERVAL_MILLIS * 1_000_000L;
            }
            try {
                long n = LibC.INSTANCE.recvfrom(fd, buffer, buffer.length, 0, from, new IntByReference(from.length));
                if (n > 0 && (buffer[0] & 0xff) == ROUTER_SOLICITATION && running) {
                    send("solicited");
                }
            } catch (LastErrorException e) {
                // EAGAIN: the receive timeout; time for the next periodic advertisement.
            }
        }
    }

    private void send(String why) {
        byte[] destination = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder())
                .putShort((short) AF_INET6).putShort((short) 0).putInt(0).put(ALL_NODES).putInt(ifIndex).array();
        try {
            LibC.INSTANCE.sendto(fd, advertisement, advertisement.length, 0, destination, destination.length);
            LOG.trace("{}: {} router advertisement sent", interfaceName, why);
        } catch (LastErrorException e) {
            // Typically EADDRNOTAVAIL until the bridge has a link-local address (its first tap is up).
            LOG.trace("{}: {} router advertisement not sent: errno {}", interfaceName, why, e.getErrorCode());
        }
    }

    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(RECEIVE_TIMEOUT_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LibC.INSTANCE.close(fd);
    }
}
