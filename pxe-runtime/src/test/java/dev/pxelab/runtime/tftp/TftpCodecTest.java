package dev.pxelab.runtime.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TftpCodecTest {

    private static byte[] bytes(Object... parts) {
        ByteBuffer b = ByteBuffer.allocate(1024);
        for (Object p : parts) {
            if (p instanceof Integer i) {
                b.put((byte) (int) i);
            } else {
                b.put(((String) p).getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static TftpPacket decode(byte[] datagram) throws MalformedPacketException {
        return TftpCodec.decode(ByteBuffer.wrap(datagram));
    }

    @Test
    void readRequestWithOptionsAsEdk2SendsIt() throws Exception {
        byte[] wire = bytes(0, 1, "ipxe.efi", 0, "octet", 0, "tsize", 0, "0", 0, "blksize", 0, "1468", 0,
                "windowsize", 0, "4", 0);

        TftpPacket.Request rrq = (TftpPacket.Request) decode(wire);

        assertThat(rrq.opcode()).isEqualTo(TftpPacket.RRQ);
        assertThat(rrq.filename()).isEqualTo("ipxe.efi");
        assertThat(rrq.mode()).isEqualTo("octet");
        assertThat(rrq.options()).containsExactly(Map.entry("tsize", "0"), Map.entry("blksize", "1468"),
                Map.entry("windowsize", "4"));
        assertThat(TftpCodec.encode(rrq)).isEqualTo(wire);
    }

    @Test
    void optionNamesAreCaseInsensitiveAndTrailingNulPaddingIsIgnored() throws Exception {
        TftpPacket.Request rrq = (TftpPacket.Request) decode(bytes(0, 1, "f", 0, "OCTET", 0, "BlkSize", 0, "1024", 0, 0, 0));

        assertThat(rrq.options()).containsExactly(Map.entry("blksize", "1024"));
        assertThat(rrq.mode()).isEqualTo("OCTET");
    }

    @Test
    void writeRequestDecodes() throws Exception {
        assertThat(decode(bytes(0, 2, "up", 0, "octet", 0)))
                .isEqualTo(new TftpPacket.Request(TftpPacket.WRQ, "up", "octet", Map.of()));
    }

    @Test
    void dataAckErrorAndOackRoundTripByteForByte() throws Exception {
        assertThat(TftpCodec.encode(new TftpPacket.Data(0x1234, new byte[] {9, 8, 7})))
                .isEqualTo(bytes(0, 3, 0x12, 0x34, 9, 8, 7));
        assertThat(TftpCodec.encode(new TftpPacket.Ack(65535))).isEqualTo(bytes(0, 4, 0xff, 0xff));
        assertThat(TftpCodec.encode(new TftpPacket.Error(2, "no"))).isEqualTo(bytes(0, 5, 0, 2, "no", 0));
        Map<String, String> options = new LinkedHashMap<>();
        options.put("blksize", "1468");
        options.put("tsize", "42");
        byte[] oack = bytes(0, 6, "blksize", 0, "1468", 0, "tsize", 0, "42", 0);
        assertThat(TftpCodec.encode(new TftpPacket.OptionAck(options))).isEqualTo(oack);

        assertThat(decode(bytes(0, 3, 0xff, 0xfe, 1))).isEqualTo(new TftpPacket.Data(65534, new byte[] {1}));
        assertThat(decode(bytes(0, 3, 0, 1))).isEqualTo(new TftpPacket.Data(1, new byte[0]));
        assertThat(decode(bytes(0, 4, 0x80, 0))).isEqualTo(new TftpPacket.Ack(32768));
        assertThat(decode(bytes(0, 5, 0, 8, "abort", 0))).isEqualTo(new TftpPacket.Error(8, "abort"));
        assertThat(decode(oack)).isEqualTo(new TftpPacket.OptionAck(options));
    }

    @Test
    void dataHeaderWrittenInPlaceMatchesTheRecordEncoding() {
        ByteBuffer out = ByteBuffer.allocate(4);
        TftpCodec.putDataHeader(out, 65535);
        assertThat(out.array()).isEqualTo(bytes(0, 3, 0xff, 0xff));
    }

    @Test
    void errorWithoutTerminatingNulIsStillAnError() throws Exception {
        assertThat(decode(bytes(0, 5, 0, 8, "bye"))).isEqualTo(new TftpPacket.Error(8, "bye"));
        assertThat(decode(bytes(0, 5, 0, 0))).isEqualTo(new TftpPacket.Error(0, ""));
    }

    @Test
    void malformedDatagramsAreRejectedWithAReason() {
        assertMalformed(bytes(), "too short for an opcode");
        assertMalformed(bytes(0), "too short for an opcode");
        assertMalformed(bytes(0, 9, 0, 0), "unknown opcode 9");
        assertMalformed(bytes(0, 0), "unknown opcode 0");
        assertMalformed(bytes(0, 1, "file"), "RRQ file name is not NUL-terminated");
        assertMalformed(bytes(0, 1, "file", 0, "octet"), "RRQ mode is not NUL-terminated");
        assertMalformed(bytes(0, 1, "file", 0, "octet", 0, "blksize", 0), "option 'blksize' has no value");
        assertMalformed(bytes(0, 1, "file", 0, "octet", 0, "blksize", 0, "512"), "value of option 'blksize' is not NUL-terminated");
        assertMalformed(bytes(0, 2, "f"), "WRQ file name is not NUL-terminated");
        assertMalformed(bytes(0, 4, 1), "ACK packet of 3 bytes");
        assertMalformed(bytes(0, 3), "DATA packet");
        assertMalformed(bytes(0, 5, 0), "ERROR packet");
        assertMalformed(bytes(0, 6, "blksize"), "option name is not NUL-terminated");
    }

    private static void assertMalformed(byte[] datagram, String reason) {
        assertThatThrownBy(() -> decode(datagram)).isInstanceOf(MalformedPacketException.class).hasMessageContaining(reason);
    }
}
