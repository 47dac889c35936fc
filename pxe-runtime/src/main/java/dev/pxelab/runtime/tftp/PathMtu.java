package dev.pxelab.runtime.tftp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * The largest TFTP block that fits one IP packet on the interface a transfer leaves from: its MTU
 * minus the IP, UDP and TFTP headers. A larger blksize would be fragmented (or fail outright
 * with IP_PMTUDISC_DO), which PXE ROMs handle badly. Loopback's 64 KiB MTU ends at RFC 2348's
 * 65464.
 */
final class PathMtu {

    /** When the interface cannot be found: assume Ethernet (1500 - 20 - 8 - 4). */
    static final int ETHERNET_BLOCK_SIZE = 1468;

    private PathMtu() {
    }

    static int maxBlockSize(InetAddress local) {
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(local);
            if (nif == null || nif.getMTU() <= 0) {
                return ETHERNET_BLOCK_SIZE;
            }
            return forMtu(nif.getMTU(), local instanceof Inet6Address);
        } catch (SocketException e) {
            return ETHERNET_BLOCK_SIZE;
        }
    }

    static int forMtu(int mtu, boolean ipv6) {
        int headers = (ipv6 ? 40 : 20) + 8 + 4;
        return Math.max(TransferOptions.MIN_BLOCK_SIZE, Math.min(TransferOptions.MAX_BLOCK_SIZE, mtu - headers));
    }
}
