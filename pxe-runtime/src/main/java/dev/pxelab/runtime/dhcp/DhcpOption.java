package dev.pxelab.runtime.dhcp;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * One DHCP option (RFC 2132 and the later RFCs PXE uses) as a typed value. Options pxelab does not
 * interpret are kept as {@link Unknown}, byte for byte, so nothing a client sent is lost.
 *
 * <p>Option 52 (overload) and the pad/end markers never appear here: they describe how options
 * are laid out in a packet, which is the codec's business.
 */
sealed interface DhcpOption {

    int code();

    /** The option's payload as it goes on the wire (without code and length). */
    byte[] data();

    record SubnetMask(Inet4Address mask) implements DhcpOption {
        public int code() { return 1; }
        public byte[] data() { return mask.getAddress(); }
    }

    record Routers(List<Inet4Address> routers) implements DhcpOption {
        public Routers { routers = List.copyOf(routers); }
        public int code() { return 3; }
        public byte[] data() { return Wire.addresses(routers); }
    }

    record DomainNameServers(List<Inet4Address> servers) implements DhcpOption {
        public DomainNameServers { servers = List.copyOf(servers); }
        public int code() { return 6; }
        public byte[] data() { return Wire.addresses(servers); }
    }

    record HostName(String name) implements DhcpOption {
        public int code() { return 12; }
        public byte[] data() { return Wire.text(name); }
    }

    record DomainName(String name) implements DhcpOption {
        public int code() { return 15; }
        public byte[] data() { return Wire.text(name); }
    }

    record BroadcastAddress(Inet4Address address) implements DhcpOption {
        public int code() { return 28; }
        public byte[] data() { return address.getAddress(); }
    }

    /** Option 43; for PXE clients it encapsulates PXE sub-options (e.g. 6 discovery control). */
    record VendorSpecific(byte[] bytes) implements DhcpOption {
        public VendorSpecific { bytes = bytes.clone(); }
        public int code() { return 43; }
        public byte[] data() { return bytes.clone(); }
        public String toString() { return "VendorSpecific[" + HexFormat.of().formatHex(bytes) + "]"; }
    }

    record RequestedAddress(Inet4Address address) implements DhcpOption {
        public int code() { return 50; }
        public byte[] data() { return address.getAddress(); }
    }

    record LeaseTime(long seconds) implements DhcpOption {
        public int code() { return 51; }
        public byte[] data() { return Wire.uint32(seconds); }
    }

    record MessageType(DhcpMessageType type) implements DhcpOption {
        public int code() { return 53; }
        public byte[] data() { return new byte[] {(byte) type.code()}; }
    }

    record ServerIdentifier(Inet4Address address) implements DhcpOption {
        public int code() { return 54; }
        public byte[] data() { return address.getAddress(); }
    }

    /** Option 55: which options the client wants, in the order it prefers them. */
    record ParameterRequestList(List<Integer> codes) implements DhcpOption {
        public ParameterRequestList { codes = List.copyOf(codes); }
        public int code() { return 55; }
        public byte[] data() {
            byte[] b = new byte[codes.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (int) codes.get(i);
            }
            return b;
        }
    }

    record Message(String text) implements DhcpOption {
        public int code() { return 56; }
        public byte[] data() { return Wire.text(text); }
    }

    /** Option 57: the largest DHCP message the client accepts; never below 576 (RFC 2132 9.10). */
    record MaxMessageSize(int size) implements DhcpOption {
        public int code() { return 57; }
        public byte[] data() { return new byte[] {(byte) (size >> 8), (byte) size}; }
    }

    record RenewalTime(long seconds) implements DhcpOption {
        public int code() { return 58; }
        public byte[] data() { return Wire.uint32(seconds); }
    }

    record RebindingTime(long seconds) implements DhcpOption {
        public int code() { return 59; }
        public byte[] data() { return Wire.uint32(seconds); }
    }

    /** Option 60, e.g. {@code PXEClient:Arch:00007:UNDI:003000} or {@code HTTPClient}. */
    record VendorClass(String id) implements DhcpOption {
        public int code() { return 60; }
        public byte[] data() { return Wire.text(id); }
    }

    record ClientIdentifier(byte[] id) implements DhcpOption {
        public ClientIdentifier { id = id.clone(); }
        public int code() { return 61; }
        public byte[] data() { return id.clone(); }
        public String toString() { return "ClientIdentifier[" + HexFormat.of().formatHex(id) + "]"; }
    }

    record TftpServerName(String name) implements DhcpOption {
        public int code() { return 66; }
        public byte[] data() { return Wire.text(name); }
    }

    record BootFileName(String name) implements DhcpOption {
        public int code() { return 67; }
        public byte[] data() { return Wire.text(name); }
    }

    /**
     * Option 77. RFC 3004 says length-prefixed class names, but iPXE sends its name bare
     * ({@code "iPXE"}), so {@link #contains} accepts both.
     */
    record UserClass(byte[] bytes) implements DhcpOption {
        public UserClass { bytes = bytes.clone(); }
        public int code() { return 77; }
        public byte[] data() { return bytes.clone(); }

        public boolean contains(String name) {
            if (new String(bytes, StandardCharsets.ISO_8859_1).equals(name)) {
                return true;
            }
            int i = 0;
            while (i < bytes.length) {
                int len = bytes[i] & 0xff;
                if (i + 1 + len > bytes.length) {
                    return false;
                }
                if (new String(bytes, i + 1, len, StandardCharsets.ISO_8859_1).equals(name)) {
                    return true;
                }
                i += 1 + len;
            }
            return false;
        }

        public String toString() { return "UserClass[" + new String(bytes, StandardCharsets.ISO_8859_1) + "]"; }
    }

    /** Option 93 (RFC 4578): the client's pre-boot architecture types, 16 bits each. */
    record ClientArchitecture(List<Integer> types) implements DhcpOption {
        public ClientArchitecture { types = List.copyOf(types); }
        public int code() { return 93; }
        public byte[] data() {
            byte[] b = new byte[types.size() * 2];
            for (int i = 0; i < types.size(); i++) {
                b[2 * i] = (byte) (types.get(i) >> 8);
                b[2 * i + 1] = (byte) (int) types.get(i);
            }
            return b;
        }
    }

    /** Option 94 (RFC 4578): network interface type (1 = UNDI) and its version. */
    record ClientNetworkInterface(int type, int major, int minor) implements DhcpOption {
        public int code() { return 94; }
        public byte[] data() { return new byte[] {(byte) type, (byte) major, (byte) minor}; }
    }

    /** Option 97 (RFC 4578): type 0 followed by the machine's 16-byte UUID; echoed back to PXE clients. */
    record ClientMachineId(byte[] bytes) implements DhcpOption {
        public ClientMachineId { bytes = bytes.clone(); }
        public int code() { return 97; }
        public byte[] data() { return bytes.clone(); }

        /** The UUID in the byte order it was sent, or null when the option is not type 0 + 16 bytes. */
        public UUID uuid() {
            if (bytes.length != 17 || bytes[0] != 0) {
                return null;
            }
            var buf = ByteBuffer.wrap(bytes, 1, 16);
            return new UUID(buf.getLong(), buf.getLong());
        }

        public String toString() { return "ClientMachineId[" + HexFormat.of().formatHex(bytes) + "]"; }
    }

    /**
     * Option 175: iPXE's own settings, encapsulated as code/length/value. Its presence in a
     * request also says "this client is iPXE".
     */
    record IpxeEncapsulated(byte[] bytes) implements DhcpOption {
        /** Setting 176 no-pxedhcp=1: iPXE does not wait for ProxyDHCP offers. */
        public static final int NO_PXEDHCP = 176;

        public IpxeEncapsulated { bytes = bytes.clone(); }
        public int code() { return 175; }
        public byte[] data() { return bytes.clone(); }

        public static IpxeEncapsulated noPxeDhcp() {
            return new IpxeEncapsulated(new byte[] {(byte) NO_PXEDHCP, 1, 1});
        }

        public String toString() { return "IpxeEncapsulated[" + HexFormat.of().formatHex(bytes) + "]"; }
    }

    /** Any option pxelab does not interpret, kept verbatim. */
    record Unknown(int code, byte[] bytes) implements DhcpOption {
        public Unknown { bytes = bytes.clone(); }
        public byte[] data() { return bytes.clone(); }
        public String toString() { return "Option" + code + "[" + HexFormat.of().formatHex(bytes) + "]"; }
    }

    /** Wire helpers shared by the records. */
    final class Wire {
        private Wire() {
        }

        static byte[] text(String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }

        static byte[] uint32(long v) {
            return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
        }

        static byte[] addresses(List<Inet4Address> list) {
            byte[] b = new byte[list.size() * 4];
            for (int i = 0; i < list.size(); i++) {
                System.arraycopy(list.get(i).getAddress(), 0, b, 4 * i, 4);
            }
            return b;
        }
    }
}
