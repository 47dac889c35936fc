package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link DhcpServer} serves on one lab interface. Build with {@link #builder}; the
 * builder checks the whole configuration and names what is inconsistent.
 *
 * @param pool       addresses for MACs without a static lease, or null: then unknown MACs get no answer
 * @param router     option 3, or null: then no router is announced
 * @param domainName option 15, or null
 * @param ipxeHints  what offers to iPXE clients carry so that iPXE does not wait for ProxyDHCP
 *                   (see docs/dhcp-ipxe-timing.md)
 * @param port       the server port, 67 except in experiments
 * @param offerHold  how long a pool address offered but not yet requested stays reserved for
 *                   its MAC: short, so that DISCOVERs alone cannot hold the pool
 * @param mode       a full server, or proxy DHCP next to another server ({@link DhcpMode})
 * @param pxePort    the boot server port proxy DHCP also answers on: 4011 except in experiments
 * @param proxyClients in {@link DhcpMode#PROXY}, the MACs that get boot information (they have
 *                   no static lease: their addresses come from the segment's own server)
 */
public record DhcpServerConfig(String interfaceName, Inet4Address serverAddress, int prefixLength,
                               List<StaticLease> staticLeases, AddressPool pool, Inet4Address router,
                               List<Inet4Address> dnsServers, String domainName, Duration leaseTime,
                               BootFiles bootFiles, Set<IpxeHint> ipxeHints, int port, Duration offerHold,
                               DhcpMode mode, int pxePort, List<MacAddress> proxyClients) {

    /** Hints that tell iPXE an offer is complete, so it need not wait ~3 s for a ProxyDHCP offer. */
    public enum IpxeHint {
        /** Option 175 carrying iPXE setting 176 no-pxedhcp = 1. */
        NO_PXEDHCP,
        /** Option 60 "PXEClient": the offer itself claims to carry the PXE information. */
        VENDOR_CLASS_PXECLIENT,
        /** Option 43 with PXE discovery control (sub-option 6) = 8: use the boot file given, no discovery. */
        PXE_DISCOVERY_CONTROL
    }

    public static final Duration DEFAULT_LEASE_TIME = Duration.ofHours(1);
    public static final Duration DEFAULT_OFFER_HOLD = Duration.ofSeconds(10);
    /** Where PXE clients send their request to a proxy DHCP server after they have an address. */
    public static final int PXE_PORT = 4011;

    public DhcpServerConfig {
        staticLeases = List.copyOf(staticLeases);
        dnsServers = List.copyOf(dnsServers);
        ipxeHints = ipxeHints.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ipxeHints));
        Validation.check(interfaceName, serverAddress, prefixLength, staticLeases, pool, router, leaseTime, port);
        Objects.requireNonNull(bootFiles, "bootFiles");
        if (offerHold == null || offerHold.isNegative() || offerHold.isZero()) {
            throw new IllegalArgumentException("offer hold " + offerHold + " must be a positive duration");
        }
        Objects.requireNonNull(mode, "mode");
        proxyClients = List.copyOf(proxyClients);
        if (mode == DhcpMode.PROXY && !staticLeases.isEmpty()) {
            throw new IllegalArgumentException("static lease for " + staticLeases.get(0).mac() + ": a proxy DHCP server"
                    + " gives no addresses; name the host as a proxy client");
        }
        if (mode == DhcpMode.SERVER && !proxyClients.isEmpty()) {
            throw new IllegalArgumentException("proxy client " + proxyClients.get(0) + ": only a proxy DHCP server has"
                    + " proxy clients; a full server's hosts have static leases");
        }
        if (mode == DhcpMode.PROXY && pool != null) {
            throw new IllegalArgumentException("address pool " + pool + ": a proxy DHCP server gives no addresses;"
                    + " the segment's own DHCP server does");
        }
        if (pxePort < 0 || pxePort > 65535) {
            throw new IllegalArgumentException("PXE port " + pxePort + " is outside 0..65535");
        }
    }

    public static Builder builder(String interfaceName, Inet4Address serverAddress, int prefixLength) {
        return new Builder(interfaceName, serverAddress, prefixLength);
    }

    Inet4Address subnetMask() {
        return Ip4.mask(prefixLength);
    }

    Inet4Address broadcastAddress() {
        return Ip4.of(Ip4.unsigned(serverAddress) | (~Ip4.unsigned(subnetMask()) & 0xffffffffL));
    }

    /** Whether {@code mac} is one of the hosts a proxy DHCP server answers. */
    boolean knows(MacAddress mac) {
        return proxyClients.contains(mac);
    }

    boolean inSubnet(Inet4Address a) {
        long mask = Ip4.unsigned(subnetMask());
        return (Ip4.unsigned(a) & mask) == (Ip4.unsigned(serverAddress) & mask);
    }

    public static final class Builder {
        private final String interfaceName;
        private final Inet4Address serverAddress;
        private final int prefixLength;
        private final List<StaticLease> staticLeases = new ArrayList<>();
        private AddressPool pool;
        private Inet4Address router;
        private final List<Inet4Address> dnsServers = new ArrayList<>();
        private String domainName;
        private Duration leaseTime = DEFAULT_LEASE_TIME;
        private BootFiles bootFiles = BootFiles.DEFAULTS;
        private Set<IpxeHint> ipxeHints = EnumSet.of(IpxeHint.NO_PXEDHCP);
        private int port = 67;
        private Duration offerHold = DEFAULT_OFFER_HOLD;
        private DhcpMode mode = DhcpMode.SERVER;
        private int pxePort = PXE_PORT;
        private final List<MacAddress> proxyClients = new ArrayList<>();

        private Builder(String interfaceName, Inet4Address serverAddress, int prefixLength) {
            this.interfaceName = interfaceName;
            this.serverAddress = serverAddress;
            this.prefixLength = prefixLength;
        }

        public Builder staticLease(StaticLease lease) {
            staticLeases.add(lease);
            return this;
        }

        public Builder staticLease(String mac, String address, String hostname) {
            return staticLease(new StaticLease(MacAddress.of(mac), Ipv4.parse("static lease of " + mac, address), hostname));
        }

        public Builder pool(Inet4Address first, Inet4Address last) {
            this.pool = new AddressPool(first, last);
            return this;
        }

        public Builder pool(String first, String last) {
            return pool(Ipv4.parse("pool start", first), Ipv4.parse("pool end", last));
        }

        public Builder router(Inet4Address router) {
            this.router = router;
            return this;
        }

        public Builder dnsServer(Inet4Address server) {
            dnsServers.add(server);
            return this;
        }

        public Builder domainName(String domainName) {
            this.domainName = domainName;
            return this;
        }

        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = leaseTime;
            return this;
        }

        public Builder bootFiles(BootFiles bootFiles) {
            this.bootFiles = bootFiles;
            return this;
        }

        public Builder ipxeHints(Set<IpxeHint> hints) {
            this.ipxeHints = hints.isEmpty() ? EnumSet.noneOf(IpxeHint.class) : EnumSet.copyOf(hints);
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder offerHold(Duration offerHold) {
            this.offerHold = offerHold;
            return this;
        }

        public Builder mode(DhcpMode mode) {
            this.mode = mode;
            return this;
        }

        /** A MAC a proxy DHCP server gives boot information to. */
        public Builder proxyClient(MacAddress mac) {
            proxyClients.add(mac);
            return this;
        }

        /** The proxy DHCP boot server port; 0 lets the system choose (tests). */
        public Builder pxePort(int port) {
            this.pxePort = port;
            return this;
        }

        public DhcpServerConfig build() {
            return new DhcpServerConfig(interfaceName, serverAddress, prefixLength, staticLeases, pool, router,
                    dnsServers, domainName, leaseTime, bootFiles, ipxeHints, port, offerHold, mode, pxePort,
                    proxyClients);
        }
    }

    /** The consistency rules, each failing with a message that names the offending value. */
    private static final class Validation {

        static void check(String interfaceName, Inet4Address server, int prefix, List<StaticLease> leases,
                          AddressPool pool, Inet4Address router, Duration leaseTime, int port) {
            if (interfaceName == null || interfaceName.isBlank() || interfaceName.length() > 15
                    || interfaceName.contains("/") || interfaceName.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("interface name '" + interfaceName
                        + "' is not a Linux interface name (1-15 characters, no '/' or spaces)");
            }
            Objects.requireNonNull(server, "server address");
            if (prefix < 8 || prefix > 30) {
                throw new IllegalArgumentException("prefix length /" + prefix + " is outside 8..30");
            }
            long mask = Ip4.unsigned(Ip4.mask(prefix));
            long net = Ip4.unsigned(server) & mask;
            long bcast = net | (~mask & 0xffffffffL);
            String subnet = Ip4.of(net).getHostAddress() + "/" + prefix;
            usable("server address", server, net, bcast, mask, subnet);
            Map<MacAddress, StaticLease> byMac = new HashMap<>();
            Map<Inet4Address, StaticLease> byAddress = new HashMap<>();
            for (StaticLease lease : leases) {
                String what = "static lease for " + lease.mac();
                usable(what + ": address", lease.address(), net, bcast, mask, subnet);
                if (lease.address().equals(server)) {
                    throw new IllegalArgumentException(what + ": address " + server.getHostAddress()
                            + " is the server's own address");
                }
                StaticLease other = byMac.put(lease.mac(), lease);
                if (other != null) {
                    throw new IllegalArgumentException("MAC " + lease.mac() + " has two static leases: "
                            + other.address().getHostAddress() + " and " + lease.address().getHostAddress());
                }
                other = byAddress.put(lease.address(), lease);
                if (other != null) {
                    throw new IllegalArgumentException("address " + lease.address().getHostAddress()
                            + " is given to both " + other.mac() + " and " + lease.mac());
                }
            }
            if (pool != null) {
                usable("address pool " + pool + ": first address", pool.first(), net, bcast, mask, subnet);
                usable("address pool " + pool + ": last address", pool.last(), net, bcast, mask, subnet);
                if (pool.contains(server)) {
                    throw new IllegalArgumentException("address pool " + pool + " contains the server's own address "
                            + server.getHostAddress());
                }
                if (router != null && pool.contains(router)) {
                    throw new IllegalArgumentException("address pool " + pool + " contains the router "
                            + router.getHostAddress());
                }
            }
            if (router != null && (Ip4.unsigned(router) & mask) != net) {
                throw new IllegalArgumentException("router " + router.getHostAddress() + " is outside the subnet " + subnet);
            }
            if (leaseTime == null || leaseTime.toSeconds() < 60 || leaseTime.toSeconds() > 0xfffffffeL) {
                throw new IllegalArgumentException("lease time " + leaseTime + " is outside 60 s .. 136 years");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 1..65535");
            }
        }

        private static void usable(String what, Inet4Address a, long net, long bcast, long mask, String subnet) {
            Objects.requireNonNull(a, what);
            long v = Ip4.unsigned(a);
            if ((v & mask) != net) {
                throw new IllegalArgumentException(what + " " + a.getHostAddress() + " is outside the subnet " + subnet);
            }
            if (v == net || v == bcast) {
                throw new IllegalArgumentException(what + " " + a.getHostAddress() + " is the "
                        + (v == net ? "network" : "broadcast") + " address of " + subnet);
            }
        }
    }
}
