package dev.pxelab.runtime.tftp;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Byte-level encoding of {@link TftpPacket}s. Decoding never throws anything but
 * {@link MalformedPacketException}, whatever the datagram holds.
 */
final class TftpCodec {

    private TftpCodec() {
    }

    static TftpPacket decode(ByteBuffer datagram) throws MalformedPacketException {
        ByteBuffer in = datagram.slice();
        if (in.remaining() < 2) {
            throw new MalformedPacketException("datagram of " + in.remaining() + " bytes is too short for an opcode");
        }
        int opcode = Short.toUnsignedInt(in.getShort());
        try {
            return switch (opcode) {
                case TftpPacket.RRQ, TftpPacket.WRQ -> decodeRequest(opcode, in);
                case TftpPacket.DATA -> {
                    int block = block(in, "DATA");
                    byte[] payload = new byte[in.remaining()];
                    in.get(payload);
                    yield new TftpPacket.Data(block, payload);
                }
                case TftpPacket.ACK -> new TftpPacket.Ack(block(in, "ACK"));
                case TftpPacket.ERROR -> {
                    int code = block(in, "ERROR");
                    // Some clients leave out the terminating NUL of the message: accept that here,
                    // an error is the end of the transfer either way.
                    String message = in.hasRemaining() ? string(in, "error message", true) : "";
                    yield new TftpPacket.Error(code, message);
                }
                case TftpPacket.OACK -> new TftpPacket.OptionAck(options(in));
                default -> throw new MalformedPacketException("unknown opcode " + opcode);
            };
        } catch (BufferUnderflowException e) {
            throw new MalformedPacketException("packet with opcode " + opcode + " ends early");
        }
    }

    private static int block(ByteBuffer in, String what) throws MalformedPacketException {
        if (in.remaining() < 2) {
            throw new MalformedPacketException(what + " packet of " + (in.position() + in.remaining())
                    + " bytes has no 2-byte block number/code");
        }
        return Short.toUnsignedInt(in.getShort());
    }

    private static TftpPacket.Request decodeRequest(int opcode, ByteBuffer in) throws MalformedPacketException {
        String name = opcode == TftpPacket.RRQ ? "RRQ" : "WRQ";
        String filename = string(in, name + " file name", false);
        String mode = string(in, name + " mode", false);
        return new TftpPacket.Request(opcode, filename, mode, options(in));
    }

    /**
     * Option name/value pairs up to the end of the packet. Names are lower-cased (RFC 2347: case
     * does not matter). Trailing NUL padding, which some firmware sends, is ignored.
     */
    private static Map<String, String> options(ByteBuffer in) throws MalformedPacketException {
        Map<String, String> options = new LinkedHashMap<>();
        while (in.hasRemaining()) {
            if (onlyNulsLeft(in)) {
                break;
            }
            String key = string(in, "option name", false).toLowerCase(Locale.ROOT);
            if (!in.hasRemaining()) {
                throw new MalformedPacketException("option '" + key + "' has no value");
            }
            options.put(key, string(in, "value of option '" + key + "'", false));
        }
        return options;
    }

    private static boolean onlyNulsLeft(ByteBuffer in) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(ByteBuffer in, String what, boolean terminatorOptional) throws MalformedPacketException {
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (in.get(i) == 0) {
                String s = utf8(in, start, i - start);
                in.position(i + 1);
                return s;
            }
        }
        if (terminatorOptional) {
            String s = utf8(in, start, in.limit() - start);
            in.position(in.limit());
            return s;
        }
        throw new MalformedPacketException(what + " is not NUL-terminated");
    }

    private static String utf8(ByteBuffer in, int offset, int length) {
        byte[] bytes = new byte[length];
        in.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] encode(TftpPacket packet) {
        ByteBuffer out = ByteBuffer.allocate(encodedLength(packet));
        encode(packet, out);
        return out.array();
    }

    /** Writes {@code packet} at the buffer's position (which advances). */
    static void encode(TftpPacket packet, ByteBuffer out) {
        out.putShort((short) packet.opcode());
        if (packet instanceof TftpPacket.Request r) {
            putString(out, r.filename());
            putString(out, r.mode());
            putOptions(out, r.options());
        } else if (packet instanceof TftpPacket.Data d) {
            out.putShort((short) d.block());
            out.put(d.payload());
        } else if (packet instanceof TftpPacket.Ack a) {
            out.putShort((short) a.block());
        } else if (packet instanceof TftpPacket.Error e) {
            out.putShort((short) e.code());
            putString(out, e.message());
        } else if (packet instanceof TftpPacket.OptionAck o) {
            putOptions(out, o.options());
        }
    }

    static int encodedLength(TftpPacket packet) {
        if (packet instanceof TftpPacket.Request r) {
            return 2 + len(r.filename()) + len(r.mode()) + optionsLength(r.options());
        } else if (packet instanceof TftpPacket.Data d) {
            return 4 + d.payload().length;
        } else if (packet instanceof TftpPacket.Error e) {
            return 4 + len(e.message());
        } else if (packet instanceof TftpPacket.OptionAck o) {
            return 2 + optionsLength(o.options());
        }
        return 4; // ACK
    }

    /** The 4-byte DATA header, written without allocating: the send path calls this per block. */
    static void putDataHeader(ByteBuffer out, int block) {
        out.putShort((short) TftpPacket.DATA);
        out.putShort((short) block);
    }

    private static int optionsLength(Map<String, String> options) {
        int n = 0;
        for (var e : options.entrySet()) {
            n += len(e.getKey()) + len(e.getValue());
        }
        return n;
    }

    private static int len(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + 1;
    }

    private static void putOptions(ByteBuffer out, Map<String, String> options) {
        for (var e : options.entrySet()) {
            putString(out, e.getKey());
            putString(out, e.getValue());
        }
    }

    private static void putString(ByteBuffer out, String s) {
        out.put(s.getBytes(StandardCharsets.UTF_8));
        out.put((byte) 0);
    }
}
