package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.net.Ipv4;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 address arithmetic; parsing is {@link Ipv4}'s. */
final class Ip4 {

    static final Inet4Address ANY = of(0);
    static final Inet4Address BROADCAST = of(-1);

    private Ip4() {
    }

    static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    static long unsigned(Inet4Address a) {
        return toInt(a) & 0xffffffffL;
    }

    static Inet4Address of(long v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(
                    new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Inet4Address mask(int prefix) {
        return of(prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL);
    }

    static boolean isZero(Inet4Address a) {
        return toInt(a) == 0;
    }
}
