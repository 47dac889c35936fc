package dev.pxelab.runtime.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses as configuration spells them: the one parser of the project, so a lab file, a
 * builder and the DHCP server accept and reject the same text with the same message.
 */
public final class Ipv4 {

    private static final String EXAMPLE = "expected e.g. 192.168.105.11";

    private Ipv4() { }

    /** {@link #parse(Object, String)} for a value that needs no name in the error. */
    public static Inet4Address parse(String text) {
        return parse(null, text);
    }

    /**
     * Parses a dotted quad {@code a.b.c.d}, each part one to three decimal digits up to 255;
     * surrounding whitespace is ignored. Never a host name: nothing here may wait for DNS.
     *
     * @param what names the value in the error ({@code router}, a host), or null
     * @throws IllegalArgumentException naming {@code what} and the text
     */
    public static Inet4Address parse(Object what, String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(what, text, EXAMPLE);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(what, text, EXAMPLE);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw invalid(what, text, "an octet is above 255");
            }
            bytes[i] = (byte) octet;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }

    private static IllegalArgumentException invalid(Object what, String text, String why) {
        return new IllegalArgumentException((what == null ? "" : what + ": ") + "'" + text
                + "' is not an IPv4 address (" + why + ")");
    }
}
