package dev.pxelab.runtime.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds out whether a router already advertises on a segment, before pxelab sends advertisements
 * of its own there: it sends a router solicitation to ff02::2 from the interface and listens for
 * an advertisement. RFC 4861 lets a router delay its answer by up to 0.5 s, and by up to 3 s after
 * its last multicast advertisement, so a listen of 3.5 s hears every router that answers
 * solicitations. pxelab's advertisements say "lifetime 0,
 * nothing to configure": sent next to a real router, they would say something about the segment
 * that is not true, so the provisioner stays quiet when this finds one.
 */
public final class ForeignRouterProbe {

    private static final byte[] SOLICITATION = {(byte) RouterAdvertiser.ROUTER_SOLICITATION, 0, 0, 0, 0, 0, 0, 0};

    private ForeignRouterProbe() {
    }

    /**
     * The source address of the first router advertisement heard on {@code interfaceName} within
     * {@code listen} after a solicitation, or empty when none came.
     *
     * @throws IOException when the raw ICMPv6 socket cannot be opened (needs CAP_NET_RAW) or the
     *                     interface does not exist
     */
    public static Optional<String> firstRouter(String interfaceName, Duration listen) throws IOException {
        RouterAdvertiser.LibC libc = RouterAdvertiser.LibC.INSTANCE;
        int ifIndex = libc.if_nametoindex(interfaceName);
        if (ifIndex == 0) {
            throw new IOException("no interface " + interfaceName + " in this namespace");
        }
        int fd;
        try {
            fd = libc.socket(RouterAdvertiser.AF_INET6, RouterAdvertiser.SOCK_RAW, RouterAdvertiser.IPPROTO_ICMPV6);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a raw ICMPv6 socket (needs CAP_NET_RAW): errno " + e.getErrorCode(), e);
        }
        try {
            byte[] name = (interfaceName + "\0").getBytes(StandardCharsets.US_ASCII);
            libc.setsockopt(fd, RouterAdvertiser.SOL_SOCKET, RouterAdvertiser.SO_BINDTODEVICE, name, name.length);
            libc.setsockopt(fd, RouterAdvertiser.IPPROTO_IPV6, RouterAdvertiser.IPV6_MULTICAST_HOPS,
                    RouterAdvertiser.intBytes(255), 4);
            libc.setsockopt(fd, RouterAdvertiser.IPPROTO_IPV6, RouterAdvertiser.IPV6_MULTICAST_IF,
                    RouterAdvertiser.intBytes(ifIndex), 4);
            libc.setsockopt(fd, RouterAdvertiser.IPPROTO_ICMPV6, RouterAdvertiser.ICMP6_FILTER, onlyAdvertisements(), 32);
            byte[] timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0).putLong(100_000L).array();
            libc.setsockopt(fd, RouterAdvertiser.SOL_SOCKET, RouterAdvertiser.SO_RCVTIMEO, timeout, 16);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw new IOException("cannot set up a router solicitation socket on " + interfaceName + ": errno "
                    + e.getErrorCode(), e);
        }
        try {
            solicit(libc, fd, ifIndex);
            byte[] buffer = new byte[1500];
            byte[] from = new byte[28];
            long deadline = System.nanoTime() + listen.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    long n = libc.recvfrom(fd, buffer, buffer.length, 0, from, new IntByReference(from.length));
                    if (n > 0 && (buffer[0] & 0xff) == RouterAdvertiser.ROUTER_ADVERTISEMENT) {
                        return Optional.of(address(from));
                    }
                } catch (LastErrorException e) {
                    // EAGAIN: the 100 ms receive timeout; look at the clock again
                }
            }
            return Optional.empty();
        } finally {
            libc.close(fd);
        }
    }

    private static void solicit(RouterAdvertiser.LibC libc, int fd, int ifIndex) {
        byte[] allRouters = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder())
                .putShort((short) RouterAdvertiser.AF_INET6).putShort((short) 0).putInt(0)
                .put(RouterAdvertiser.ALL_ROUTERS).putInt(ifIndex).array();
        try {
            libc.sendto(fd, SOLICITATION, SOLICITATION.length, 0, allRouters, allRouters.length);
        } catch (LastErrorException e) {
            // No link-local address yet (or IPv6 off): listen all the same, for periodic advertisements.
        }
    }

    /** ICMP6_FILTER bitmap: a set bit blocks a type; let only router advertisements through. */
    private static byte[] onlyAdvertisements() {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        for (int word = 0; word < 8; word++) {
            int bits = -1;
            if (word == RouterAdvertiser.ROUTER_ADVERTISEMENT >> 5) {
                bits &= ~(1 << (RouterAdvertiser.ROUTER_ADVERTISEMENT & 31));
            }
            b.putInt(bits);
        }
        return b.array();
    }

    /** The address of a {@code sockaddr_in6}: 16 bytes from offset 8. */
    private static String address(byte[] sockaddr) {
        try {
            return Inet6Address.getByAddress(Arrays.copyOfRange(sockaddr, 8, 24)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
