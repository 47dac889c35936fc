package dev.pxelab.runtime.provision;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeded, reproducible garbage for the DHCP and TFTP servers, written byte by byte (not with the
 * servers' own codecs, whose assumptions it is meant to break): well-formed requests with
 * hostile values, the same with bytes flipped or cut off, and noise.
 */
final class HostileTraffic {

    private static final String[] TFTP_NAMES = {"undionly.kpxe", "snponly.efi", "big.txt", "../../etc/passwd",
        "%2e%2e/secret", "/", "", "a\nforged log line", "debian-installer/arm64/grub/grub.cfg", "missing"};
    private static final String[] TFTP_MODES = {"octet", "netascii", "mail", "OCTET", ""};
    private static final String[][] TFTP_OPTIONS = {{"timeout", "255"}, {"timeout", "1"}, {"blksize", "65464"},
        {"blksize", "7"}, {"windowsize", "65535"}, {"tsize", "0"}, {"tsize", "-1"}, {"multicast", ""},
        {"blksize", "99999999999999999999"}};

    private final Random random;
    private final byte[] server;

    HostileTraffic(long seed, byte[] serverAddress) {
        this.random = new Random(seed);
        this.server = serverAddress;
    }

    /** One datagram for port 67. */
    byte[] dhcp() {
        byte[] valid = dhcpRequest();
        return switch (random.nextInt(6)) {
            case 0, 1 -> valid;
            case 2 -> flipped(valid);
            case 3 -> cut(valid);
            case 4 -> noise(random.nextInt(1500));
            default -> withRandomOptions(valid);
        };
    }

    /** One datagram for port 69. */
    byte[] tftp() {
        return switch (random.nextInt(8)) {
            case 0 -> noise(random.nextInt(600));
            case 1 -> flipped(tftpRequest());
            case 2 -> opcode(4 + random.nextInt(3)); // ACK, ERROR, OACK on the request port
            case 3 -> tftpRequest(2, "x".repeat(random.nextInt(20_000)), "octet");
            default -> tftpRequest();
        };
    }

    private byte[] dhcpRequest() {
        ByteBuffer b = ByteBuffer.allocate(548);
        b.put((byte) (random.nextInt(10) == 0 ? 2 : 1)).put((byte) 1).put((byte) 6).put((byte) 0);
        b.putInt(random.nextInt());
        b.putShort((short) 0).putShort((short) (random.nextBoolean() ? 0x8000 : 0));
        b.put(random.nextInt(4) == 0 ? labAddress() : new byte[4]); // ciaddr
        b.put(new byte[12]); // yiaddr, siaddr, giaddr
        b.put(mac()).put(new byte[10]);
        b.put(new byte[64 + 128]); // sname, file
        b.putInt(0x63825363);
        int type = 1 + random.nextInt(8);
        b.put((byte) 53).put((byte) 1).put((byte) type);
        if (random.nextBoolean()) {
            b.put((byte) 50).put((byte) 4).put(labAddress()); // requested address
        }
        if (random.nextBoolean()) {
            b.put((byte) 54).put((byte) 4).put(random.nextBoolean() ? server : labAddress()); // server identifier
        }
        if (random.nextBoolean()) {
            b.put((byte) 77).put((byte) 4).put("iPXE".getBytes(StandardCharsets.US_ASCII));
        }
        if (random.nextBoolean()) {
            b.put((byte) 93).put((byte) 2).putShort((short) random.nextInt(20));
        }
        b.put((byte) 255);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** Mostly the lab's own MACs and a few hundred others, sometimes broadcast or zero. */
    private byte[] mac() {
        return switch (random.nextInt(10)) {
            case 0 -> new byte[] {-1, -1, -1, -1, -1, -1};
            case 1 -> new byte[6];
            case 2, 3 -> new byte[] {0x52, 0x54, 0, 0, 0, (byte) (0x11 + random.nextInt(2))};
            default -> new byte[] {0x52, 0x54, 0, 0x66, (byte) random.nextInt(256), (byte) random.nextInt(256)};
        };
    }

    private byte[] labAddress() {
        return new byte[] {server[0], server[1], server[2], (byte) random.nextInt(256)};
    }

    private byte[] tftpRequest() {
        String name = TFTP_NAMES[random.nextInt(TFTP_NAMES.length)];
        return tftpRequest(random.nextInt(8) == 0 ? 2 : 1, name, TFTP_MODES[random.nextInt(TFTP_MODES.length)]);
    }

    private byte[] tftpRequest(int opcode, String name, String mode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(opcode);
        string(out, name);
        string(out, mode);
        for (int i = random.nextInt(4); i > 0; i--) {
            String[] option = TFTP_OPTIONS[random.nextInt(TFTP_OPTIONS.length)];
            string(out, option[0]);
            string(out, option[1]);
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private byte[] opcode(int opcode) {
        byte[] b = noise(4 + random.nextInt(20));
        b[0] = 0;
        b[1] = (byte) opcode;
        return b;
    }

    private byte[] flipped(byte[] valid) {
        byte[] b = valid.clone();
        for (int i = 1 + random.nextInt(8); i > 0 && b.length > 0; i--) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    private byte[] cut(byte[] valid) {
        return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
    }

    private byte[] withRandomOptions(byte[] valid) {
        // keep the fixed part and the cookie (240 bytes), then up to 300 bytes of random option TLVs
        byte[] tail = noise(random.nextInt(300));
        byte[] b = java.util.Arrays.copyOf(valid, 240 + tail.length);
        System.arraycopy(tail, 0, b, 240, tail.length);
        return b;
    }

    private byte[] noise(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
