package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DHCPv4 message (RFC 2131 section 2): the fixed BOOTP header and the options. {@code sname}
 * and {@code file} hold text only; options found there through overload (option 52) are in
 * {@code options}.
 */
record DhcpMessage(int op, int htype, int hlen, int hops, int xid, int secs, int flags,
                          Inet4Address ciaddr, Inet4Address yiaddr, Inet4Address siaddr, Inet4Address giaddr,
                          byte[] chaddr, String sname, String file, DhcpOptions options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int FLAG_BROADCAST = 0x8000;

    public DhcpMessage {
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        Objects.requireNonNull(options, "options");
        if (chaddr.length != 16) {
            throw new IllegalArgumentException("chaddr must be 16 bytes, got " + chaddr.length);
        }
        chaddr = chaddr.clone();
        sname = sname == null ? "" : sname;
        file = file == null ? "" : file;
    }

    @Override
    public byte[] chaddr() {
        return chaddr.clone();
    }

    /** The client's MAC, or empty when the hardware address is not Ethernet. */
    public Optional<MacAddress> mac() {
        return htype == 1 && hlen == 6 ? Optional.of(MacAddress.of(chaddr, 0)) : Optional.empty();
    }

    public Optional<DhcpMessageType> type() {
        return options.get(DhcpOption.MessageType.class).map(DhcpOption.MessageType::type);
    }

    /** The same message with other options. */
    public DhcpMessage withOptions(List<DhcpOption> newOptions) {
        return new DhcpMessage(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname,
                file, new DhcpOptions(newOptions));
    }

    public boolean broadcastFlag() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessage m && op == m.op && htype == m.htype && hlen == m.hlen && hops == m.hops
                && xid == m.xid && secs == m.secs && flags == m.flags && ciaddr.equals(m.ciaddr)
                && yiaddr.equals(m.yiaddr) && siaddr.equals(m.siaddr) && giaddr.equals(m.giaddr)
                && Arrays.equals(chaddr, m.chaddr) && sname.equals(m.sname) && file.equals(m.file)
                && options.equals(m.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(xid, Arrays.hashCode(chaddr));
    }

    @Override
    public String toString() {
        return "DhcpMessage[op=" + op + ", xid=" + Integer.toHexString(xid) + ", chaddr="
                + HexFormat.of().formatHex(chaddr, 0, Math.min(hlen, 16)) + ", ciaddr=" + ciaddr.getHostAddress()
                + ", yiaddr=" + yiaddr.getHostAddress() + ", siaddr=" + siaddr.getHostAddress()
                + ", giaddr=" + giaddr.getHostAddress() + ", flags=" + Integer.toHexString(flags)
                + ", sname='" + sname + "', file='" + file + "', options=" + options.list() + "]";
    }
}
