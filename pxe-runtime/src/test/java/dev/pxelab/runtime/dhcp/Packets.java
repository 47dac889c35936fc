package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Test vectors: captured packets from test resources and requests built field by field. */
final class Packets {

    private Packets() {
    }

    /** A hex capture from src/test/resources/dhcp (written by IpxeDhcpTiming from what QEMU's firmware sent). */
    static byte[] capture(String name) {
        try (InputStream in = Packets.class.getResourceAsStream("/dhcp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /dhcp/" + name);
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] chaddr(String mac) {
        return Arrays.copyOf(MacAddress.of(mac).bytes(), 16);
    }

    static DhcpMessage request(String mac, DhcpMessageType type, DhcpOption... options) {
        List<DhcpOption> all = new ArrayList<>();
        all.add(new DhcpOption.MessageType(type));
        all.addAll(List.of(options));
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 6, 0, 0x12345678, 0, 0, Ip4.ANY, Ip4.ANY, Ip4.ANY, Ip4.ANY,
                chaddr(mac), "", "", new DhcpOptions(all));
    }

    static DhcpMessage withCiaddr(DhcpMessage m, String ciaddr) {
        return new DhcpMessage(m.op(), m.htype(), m.hlen(), m.hops(), m.xid(), m.secs(), m.flags(), Ipv4.parse(ciaddr),
                m.yiaddr(), m.siaddr(), m.giaddr(), m.chaddr(), m.sname(), m.file(), m.options());
    }

    static DhcpMessage withGiaddr(DhcpMessage m, String giaddr) {
        return new DhcpMessage(m.op(), m.htype(), m.hlen(), 1, m.xid(), m.secs(), m.flags(), m.ciaddr(),
                m.yiaddr(), m.siaddr(), Ipv4.parse(giaddr), m.chaddr(), m.sname(), m.file(), m.options());
    }

    /** A minimal well-formed DISCOVER written out byte by byte, independent of the encoder. */
    static byte[] handWrittenDiscover() {
        byte[] b = new byte[300];
        b[0] = 1; // op BOOTREQUEST
        b[1] = 1; // htype Ethernet
        b[2] = 6; // hlen
        b[4] = (byte) 0xca; b[5] = (byte) 0xfe; b[6] = (byte) 0xba; b[7] = (byte) 0xbe; // xid
        b[10] = (byte) 0x80; // flags: broadcast
        System.arraycopy(MacAddress.of("52:54:00:00:00:11").bytes(), 0, b, 28, 6);
        b[236] = 0x63; b[237] = (byte) 0x82; b[238] = 0x53; b[239] = 0x63; // magic cookie
        byte[] options = {
            53, 1, 1,                              // DHCPDISCOVER
            55, 3, 1, 3, 12,                       // asks for mask, router, host name
            (byte) 250, 2, (byte) 0xab, (byte) 0xcd, // an option nobody defined
            (byte) 255,
        };
        System.arraycopy(options, 0, b, 240, options.length);
        return b;
    }
}
