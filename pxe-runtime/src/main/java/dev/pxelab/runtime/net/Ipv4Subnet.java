package dev.pxelab.runtime.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 network in CIDR form, e.g. {@code 192.168.105.0/24}. The network address is always
 * normalised (host bits cleared), so two spellings of one subnet are equal.
 */
public record Ipv4Subnet(int network, int prefixLength) {

    public Ipv4Subnet {
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length /" + prefixLength
                    + " is not usable for a lab network: expected /8 to /30");
        }
        network = network & mask(prefixLength);
    }

    /** Parses {@code a.b.c.d/n}; any host bits in {@code a.b.c.d} are ignored. */
    public static Ipv4Subnet parse(String cidr) {
        String[] parts = cidr == null ? new String[0] : cidr.strip().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 subnet: expected a.b.c.d/n, e.g. 192.168.105.0/24");
        }
        try {
            return new Ipv4Subnet(toInt(Ipv4.parse("subnet '" + cidr + "'", parts[0])), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' has no numeric prefix length", e);
        }
    }

    /** The {@code n}-th host of this subnet: {@code host(1)} of 192.168.105.0/24 is 192.168.105.1. */
    public Inet4Address host(int n) {
        if (n < 1 || n >= size() - 1) {
            throw new IllegalArgumentException("host " + n + " is outside " + this);
        }
        return toAddress(network + n);
    }

    public boolean contains(Inet4Address address) {
        return (toInt(address) & mask(prefixLength)) == network;
    }

    /** How many host addresses the subnet has (without its network and broadcast addresses). */
    public int hostCount() {
        return size() - 2;
    }

    /** True for an address a host may have: inside the subnet, neither network nor broadcast address. */
    public boolean isHost(Inet4Address address) {
        int offset = toInt(address) - network;
        return contains(address) && offset != 0 && offset != size() - 1;
    }

    public Inet4Address networkAddress() {
        return toAddress(network);
    }

    /** The same-sized subnet that follows this one, e.g. 192.168.106.0/24 after 192.168.105.0/24. */
    public Ipv4Subnet next() {
        return new Ipv4Subnet(network + size(), prefixLength);
    }

    public boolean overlaps(Ipv4Subnet other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    int size() {
        return 1 << (32 - prefixLength);
    }

    /** {@code 192.168.105.1/24}: the form {@code ip addr add} takes. */
    public String cidrOf(Inet4Address host) {
        return host.getHostAddress() + "/" + prefixLength;
    }

    @Override
    public String toString() {
        return networkAddress().getHostAddress() + "/" + prefixLength;
    }

    static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    static Inet4Address toAddress(int value) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                    (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
