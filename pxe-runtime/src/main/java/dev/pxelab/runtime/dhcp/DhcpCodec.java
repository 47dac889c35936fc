package dev.pxelab.runtime.dhcp;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes to {@link DhcpMessage} and back (RFC 2131, 2132, 3396). Decoding is strict about
 * structure, because a server must drop what it cannot read with certainty, and says what is wrong
 * at which offset. Encoding fits the options into the size the client accepts, spilling into the
 * {@code file} and {@code sname} fields (option 52) when they are free.
 */
final class DhcpCodec {

    static final int HEADER = 236;
    static final int COOKIE = 0x63825363;
    static final int MIN_LENGTH = HEADER + 4;
    /** 576-byte IP datagram minus IP and UDP headers: what every client must accept. */
    static final int DEFAULT_MAX_PAYLOAD = 576 - 28;
    /** BOOTP relays and old clients expect at least a 300-byte message (RFC 1542 2.1). */
    static final int MIN_PAYLOAD = 300;

    private static final int SNAME = 44;
    private static final int FILE = 108;
    private static final int OVERLOAD = 52;

    private DhcpCodec() {
    }

    /** What {@link #encode} produced, and which options did not fit and were left out. */
    record Encoded(byte[] bytes, List<Integer> dropped) {
    }

    static DhcpMessage decode(byte[] b) {
        return decode(b, b.length);
    }

    static DhcpMessage decode(byte[] b, int length) {
        if (length < MIN_LENGTH) {
            throw new DhcpFormatException("too short: " + length + " bytes; a DHCP message has at least "
                    + MIN_LENGTH + " (236-byte BOOTP header and the magic cookie)");
        }
        ByteBuffer buf = ByteBuffer.wrap(b, 0, length);
        int op = u8(b, 0);
        if (op != DhcpMessage.BOOTREQUEST && op != DhcpMessage.BOOTREPLY) {
            throw new DhcpFormatException("op " + op + " at offset 0 is neither BOOTREQUEST (1) nor BOOTREPLY (2)");
        }
        int hlen = u8(b, 2);
        if (hlen > 16) {
            throw new DhcpFormatException("hlen " + hlen + " at offset 2 exceeds the 16-byte chaddr field");
        }
        int cookie = buf.getInt(HEADER);
        if (cookie != COOKIE) {
            throw new DhcpFormatException(String.format(
                    "magic cookie at offset 236 is %08x, expected 63825363 (not DHCP, maybe plain BOOTP)", cookie));
        }
        Map<Integer, ByteArrayOutputStream> raw = new LinkedHashMap<>();
        int overload = readArea(b, MIN_LENGTH, length, "options", raw);
        if (overload < 0 || overload > 3) {
            throw new DhcpFormatException("option 52 (overload) has value " + overload + ", expected 1, 2 or 3");
        }
        // RFC 3396: the options field first, then file, then sname.
        if ((overload & 1) != 0) {
            readArea(b, FILE, HEADER, "file", raw);
        }
        if ((overload & 2) != 0) {
            readArea(b, SNAME, FILE, "sname", raw);
        }
        List<DhcpOption> options = new ArrayList<>();
        raw.forEach((code, bytes) -> options.add(OptionParser.parse(code, bytes.toByteArray())));
        byte[] chaddr = new byte[16];
        System.arraycopy(b, 28, chaddr, 0, 16);
        return new DhcpMessage(op, u8(b, 1), hlen, u8(b, 3), buf.getInt(4), buf.getShort(8) & 0xffff,
                buf.getShort(10) & 0xffff, address(b, 12), address(b, 16), address(b, 20), address(b, 24), chaddr,
                (overload & 2) != 0 ? "" : text(b, SNAME, FILE), (overload & 1) != 0 ? "" : text(b, FILE, HEADER),
                new DhcpOptions(options));
    }

    /** Reads code/length/value triples; returns the overload value (0 when absent). */
    private static int readArea(byte[] b, int start, int end, String area, Map<Integer, ByteArrayOutputStream> raw) {
        int overload = 0;
        int i = start;
        while (i < end) {
            int code = u8(b, i);
            if (code == 0) {
                i++;
                continue;
            }
            if (code == 255) {
                return overload;
            }
            if (i + 1 >= end) {
                throw new DhcpFormatException("option " + code + " at offset " + i + " in the " + area
                        + " field has no length byte");
            }
            int len = u8(b, i + 1);
            if (i + 2 + len > end) {
                throw new DhcpFormatException("option " + code + " at offset " + i + " in the " + area
                        + " field claims " + len + " bytes but only " + (end - i - 2) + " remain");
            }
            if (code == OVERLOAD) {
                if (!area.equals("options") || len != 1) {
                    throw new DhcpFormatException("option 52 (overload) at offset " + i + " must be 1 byte"
                            + " in the options field, found " + len + " bytes in the " + area + " field");
                }
                overload = u8(b, i + 2);
            } else {
                raw.computeIfAbsent(code, c -> new ByteArrayOutputStream()).write(b, i + 2, len);
            }
            i += 2 + len;
        }
        // A missing end option is tolerated where the area simply ends: several stacks omit it.
        return overload;
    }

    /**
     * Encodes {@code m} into at most {@code maxPayload} bytes (the UDP payload the client accepts).
     * Options are placed in order; one that fits nowhere is left out and reported.
     */
    static Encoded encode(DhcpMessage m, int maxPayload) {
        if (maxPayload < DEFAULT_MAX_PAYLOAD) {
            throw new IllegalArgumentException("maxPayload " + maxPayload + " is below the 548 bytes every client accepts");
        }
        List<byte[]> wire = new ArrayList<>();
        for (DhcpOption o : m.options()) {
            wire.add(wireForm(o));
        }
        int total = wire.stream().mapToInt(w -> w.length).sum();
        int mainRoom = maxPayload - MIN_LENGTH - 1;
        boolean overflow = total > mainRoom;
        int[] room = {
            overflow ? mainRoom - 3 : mainRoom,
            overflow && m.file().isEmpty() ? HEADER - FILE - 1 : 0,
            overflow && m.sname().isEmpty() ? FILE - SNAME - 1 : 0,
        };
        ByteArrayOutputStream[] areas = {new ByteArrayOutputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        List<Integer> dropped = new ArrayList<>();
        for (int k = 0; k < wire.size(); k++) {
            byte[] w = wire.get(k);
            int a = 0;
            while (a < 3 && room[a] < w.length) {
                a++;
            }
            if (a == 3) {
                dropped.add(m.options().list().get(k).code());
                continue;
            }
            areas[a].writeBytes(w);
            room[a] -= w.length;
        }
        int overload = (areas[1].size() > 0 ? 1 : 0) | (areas[2].size() > 0 ? 2 : 0);
        ByteArrayOutputStream main = new ByteArrayOutputStream();
        if (overload != 0) {
            main.writeBytes(new byte[] {OVERLOAD, 1, (byte) overload});
        }
        main.writeBytes(areas[0].toByteArray());
        main.write(255);
        int length = Math.max(MIN_PAYLOAD, MIN_LENGTH + main.size());
        ByteBuffer buf = ByteBuffer.allocate(length);
        buf.put((byte) m.op()).put((byte) m.htype()).put((byte) m.hlen()).put((byte) m.hops());
        buf.putInt(m.xid()).putShort((short) m.secs()).putShort((short) m.flags());
        buf.put(m.ciaddr().getAddress()).put(m.yiaddr().getAddress()).put(m.siaddr().getAddress())
                .put(m.giaddr().getAddress()).put(m.chaddr());
        buf.put(field(areas[2], m.sname(), FILE - SNAME, "sname"));
        buf.put(field(areas[1], m.file(), HEADER - FILE, "file"));
        buf.putInt(COOKIE);
        buf.put(main.toByteArray());
        return new Encoded(buf.array(), List.copyOf(dropped));
    }

    private static byte[] field(ByteArrayOutputStream options, String text, int size, String name) {
        byte[] out = new byte[size];
        if (options.size() > 0) {
            options.write(255);
            System.arraycopy(options.toByteArray(), 0, out, 0, options.size());
        } else {
            byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
            // The field is NUL-terminated: one byte less than its size is the longest text.
            if (t.length >= size) {
                throw new IllegalArgumentException(name + " '" + text + "' is " + t.length
                        + " bytes; the field holds at most " + (size - 1));
            }
            System.arraycopy(t, 0, out, 0, t.length);
        }
        return out;
    }

    /** Code, length, value; values longer than 255 bytes become several options (RFC 3396). */
    private static byte[] wireForm(DhcpOption o) {
        byte[] data = o.data();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        do {
            int len = Math.min(255, data.length - i);
            out.write(o.code());
            out.write(len);
            out.write(data, i, len);
            i += len;
        } while (i < data.length);
        return out.toByteArray();
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    private static Inet4Address address(byte[] b, int offset) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(byte[] b, int start, int end) {
        int stop = start;
        while (stop < end && b[stop] != 0) {
            stop++;
        }
        return new String(b, start, stop - start, StandardCharsets.ISO_8859_1);
    }
}
