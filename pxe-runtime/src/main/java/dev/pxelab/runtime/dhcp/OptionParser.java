package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.dhcp.DhcpOption.*;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns one option's (concatenated) payload into its typed value, checking the length RFC 2132 fixes. */
final class OptionParser {

    private OptionParser() {
    }

    static DhcpOption parse(int code, byte[] d) {
        return switch (code) {
            case 1 -> new SubnetMask(address(code, d));
            case 3 -> new Routers(addresses(code, d));
            case 6 -> new DomainNameServers(addresses(code, d));
            case 12 -> new HostName(text(code, d));
            case 15 -> new DomainName(text(code, d));
            case 28 -> new BroadcastAddress(address(code, d));
            case 43 -> new VendorSpecific(d);
            case 50 -> new RequestedAddress(address(code, d));
            case 51 -> new LeaseTime(uint32(code, d));
            case 53 -> {
                exact(code, d, 1);
                yield new MessageType(DhcpMessageType.of(d[0] & 0xff));
            }
            case 54 -> new ServerIdentifier(address(code, d));
            case 55 -> {
                atLeast(code, d, 1);
                List<Integer> codes = new ArrayList<>();
                for (byte c : d) {
                    codes.add(c & 0xff);
                }
                yield new ParameterRequestList(codes);
            }
            case 56 -> new Message(text(code, d));
            case 57 -> {
                exact(code, d, 2);
                int size = ((d[0] & 0xff) << 8) | (d[1] & 0xff);
                if (size < 576) {
                    throw new DhcpFormatException("option 57 (maximum message size) is " + size
                            + ", below the legal minimum 576");
                }
                yield new MaxMessageSize(size);
            }
            case 58 -> new RenewalTime(uint32(code, d));
            case 59 -> new RebindingTime(uint32(code, d));
            case 60 -> new VendorClass(text(code, d));
            case 61 -> {
                atLeast(code, d, 2);
                yield new ClientIdentifier(d);
            }
            case 66 -> new TftpServerName(text(code, d));
            case 67 -> new BootFileName(text(code, d));
            case 77 -> new UserClass(d);
            case 93 -> {
                if (d.length == 0 || d.length % 2 != 0) {
                    throw lengthError(code, d, "a non-zero multiple of 2");
                }
                List<Integer> types = new ArrayList<>();
                for (int i = 0; i < d.length; i += 2) {
                    types.add(((d[i] & 0xff) << 8) | (d[i + 1] & 0xff));
                }
                yield new ClientArchitecture(types);
            }
            case 94 -> {
                exact(code, d, 3);
                yield new ClientNetworkInterface(d[0] & 0xff, d[1] & 0xff, d[2] & 0xff);
            }
            case 97 -> new ClientMachineId(d);
            case 175 -> new IpxeEncapsulated(d);
            default -> new Unknown(code, d);
        };
    }

    private static Inet4Address address(int code, byte[] d) {
        exact(code, d, 4);
        return toAddress(d, 0);
    }

    private static List<Inet4Address> addresses(int code, byte[] d) {
        if (d.length == 0 || d.length % 4 != 0) {
            throw lengthError(code, d, "a non-zero multiple of 4");
        }
        List<Inet4Address> list = new ArrayList<>();
        for (int i = 0; i < d.length; i += 4) {
            list.add(toAddress(d, i));
        }
        return list;
    }

    private static long uint32(int code, byte[] d) {
        exact(code, d, 4);
        return ((long) (d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
    }

    /** Text options; some clients NUL-terminate them, which is not part of the value. */
    private static String text(int code, byte[] d) {
        atLeast(code, d, 1);
        int end = d.length;
        while (end > 0 && d[end - 1] == 0) {
            end--;
        }
        return new String(d, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static void exact(int code, byte[] d, int n) {
        if (d.length != n) {
            throw lengthError(code, d, "exactly " + n);
        }
    }

    private static void atLeast(int code, byte[] d, int n) {
        if (d.length < n) {
            throw lengthError(code, d, "at least " + n);
        }
    }

    private static DhcpFormatException lengthError(int code, byte[] d, String expected) {
        return new DhcpFormatException("option " + code + " has " + d.length + " bytes, expected " + expected);
    }

    static Inet4Address toAddress(byte[] d, int offset) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(d, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
