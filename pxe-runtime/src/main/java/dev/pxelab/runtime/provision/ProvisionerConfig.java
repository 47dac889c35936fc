package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.dhcp.AddressPool;
import dev.pxelab.runtime.dhcp.DhcpMode;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.http.NoCloudData;
import dev.pxelab.runtime.net.Ipv4Subnet;
import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Everything a {@link Provisioner} serves. Hosts without a fixed address get the next free one
 * from {@code .10} up, so that every host the lab knows has a static lease with its hostname.
 *
 * @param installFinishedEvents names of installer finish events that mark a whole install (the
 *        hermetic test OS's and Ubuntu subiquity's by default)
 * @param limits what the provisioner holds at most, and how long
 * @param reportKeys the per-host keys installer reports must carry ({@link ReportKeys#NONE} by default)
 * @param packageRoot the lab's flat apt repository, served at {@code /packages/}
 * @param segment how the provisioner treats the segment it serves: a lab's own bridge
 *        ({@link Segment#OWN_BRIDGE}, the default) or an existing interface, probed first, possibly
 *        with proxy DHCP (then hosts have no addresses here: {@code addresses} is empty)
 */
public record ProvisionerConfig(String interfaceName, Inet4Address serverAddress, int prefixLength,
                                List<Host> hosts, Map<MacAddress, Inet4Address> addresses,
                                Optional<AddressPool> pool, int dhcpPort, int tftpPort, int httpPort,
                                Optional<Path> assetRoot, Optional<Path> tftpRoot, BootLoaders bootLoaders,
                                NoCloudData genericData, BootProfile defaultProfile,
                                Set<String> installFinishedEvents, ClientNetwork clientNetwork, Limits limits,
                                ReportKeys reportKeys, Optional<Path> packageRoot, Segment segment) {

    /** Hosts without a fixed address get .10, .11, ...: low addresses stay free for infrastructure. */
    private static final int FIRST_ASSIGNED_HOST = 10;

    /** The finish event the hermetic test OS sends when the whole install is done. */
    public static final String TEST_OS_INSTALL_EVENT = "subiquity/Install";

    public ProvisionerConfig {
        Objects.requireNonNull(interfaceName, "the lab's interface name is required");
        Objects.requireNonNull(serverAddress, "the lab address is required");
        hosts = List.copyOf(hosts);
        addresses = Map.copyOf(addresses);
        installFinishedEvents = Set.copyOf(installFinishedEvents);
        clientNetwork = clientNetwork == null ? ClientNetwork.NONE : clientNetwork;
        limits = limits == null ? Limits.DEFAULTS : limits;
        reportKeys = reportKeys == null ? ReportKeys.NONE : reportKeys;
        segment = segment == null ? Segment.OWN_BRIDGE : segment;
    }

    /** Whether another DHCP server gives the addresses and this one only boot information. */
    public boolean proxyDhcp() {
        return segment.dhcpMode() == DhcpMode.PROXY;
    }

    /** The lab subnet: the only clients the servers answer. */
    public Ipv4Subnet subnet() {
        return Ipv4Subnet.parse(serverAddress.getHostAddress() + "/" + prefixLength);
    }

    public static Builder builder() {
        return new Builder();
    }

    Inet4Address addressOf(Host host) {
        return addresses.get(host.mac());
    }

    public static final class Builder {
        private String interfaceName;
        private Inet4Address serverAddress;
        private int prefixLength = 24;
        private final Map<MacAddress, Host> hosts = new LinkedHashMap<>();
        private AddressPool pool;
        private Inet4Address router;
        private final List<Inet4Address> dnsServers = new ArrayList<>();
        private String domainName;
        private int dhcpPort = 67;
        private int tftpPort = 69;
        private int httpPort = 80;
        private Path assetRoot;
        private Path packageRoot;
        private Path tftpRoot;
        private BootLoaders bootLoaders = BootLoaders.debianDefaults();
        private byte[] genericUserData;
        private byte[] genericMetaData;
        private byte[] genericVendorData;
        private byte[] genericNetworkConfig;
        private BootProfile defaultProfile;
        private Limits limits = Limits.DEFAULTS;
        private ReportKeys reportKeys = ReportKeys.NONE;
        private Segment segment = Segment.OWN_BRIDGE;
        private final Set<String> installFinishedEvents =
                new LinkedHashSet<>(List.of(TEST_OS_INSTALL_EVENT, "subiquity/Install/install"));

        private Builder() {
        }

        /** The interface that owns the lab address (the lab's bridge): DHCP answers only there. */
        public Builder interfaceName(String interfaceName) {
            this.interfaceName = interfaceName;
            return this;
        }

        /** The provisioner's address and the lab's prefix, e.g. {@code 192.168.105.1/24}. */
        public Builder labAddress(String cidr) {
            String[] parts = cidr.split("/", 2);
            this.serverAddress = Host.ipv4("lab address", parts[0]);
            if (parts.length == 2) {
                try {
                    this.prefixLength = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("lab address '" + cidr + "': the prefix length is not a number");
                }
            }
            if (prefixLength < 8 || prefixLength > 30) {
                throw new IllegalArgumentException("lab address '" + cidr + "': prefix length must be 8..30");
            }
            return this;
        }

        public Builder labAddress(Inet4Address address, int prefixLength) {
            return labAddress(address.getHostAddress() + "/" + prefixLength);
        }

        public Builder host(Host host) {
            if (hosts.putIfAbsent(host.mac(), host) != null) {
                throw new IllegalArgumentException("host " + host.mac() + " is declared twice");
            }
            return this;
        }

        public Builder hosts(Iterable<Host> hosts) {
            hosts.forEach(this::host);
            return this;
        }

        /** Addresses for MACs the lab does not know; without a pool such MACs get no answer at all. */
        public Builder pool(String first, String last) {
            this.pool = new AddressPool(Host.ipv4("pool start", first), Host.ipv4("pool end", last));
            return this;
        }

        public Builder pool(AddressPool pool) {
            this.pool = pool;
            return this;
        }

        public Builder dhcpPort(int port) {
            this.dhcpPort = port;
            return this;
        }

        public Builder tftpPort(int port) {
            this.tftpPort = port;
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Kernels, initrds and images, served at {@code /assets/}. */
        public Builder assetRoot(Path folder) {
            this.assetRoot = requireFolder("asset root", folder);
            return this;
        }

        /** The lab's flat apt repository, served at {@code /packages/}. */
        public Builder packageRoot(Path folder) {
            this.packageRoot = requireFolder("package root", folder);
            return this;
        }

        /** Extra files for TFTP, besides the boot loaders. */
        public Builder tftpRoot(Path folder) {
            this.tftpRoot = requireFolder("TFTP root", folder);
            return this;
        }

        public Builder bootLoaders(BootLoaders bootLoaders) {
            this.bootLoaders = bootLoaders;
            return this;
        }

        public Builder genericUserData(String content) {
            this.genericUserData = content.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder genericUserData(Path file) {
            this.genericUserData = Host.read("lab", "generic user-data", file);
            return this;
        }

        public Builder genericMetaData(Path file) {
            this.genericMetaData = Host.read("lab", "generic meta-data", file);
            return this;
        }

        public Builder genericVendorData(Path file) {
            this.genericVendorData = Host.read("lab", "generic vendor-data", file);
            return this;
        }

        public Builder genericNetworkConfig(Path file) {
            this.genericNetworkConfig = Host.read("lab", "generic network-config", file);
            return this;
        }

        /** The lab's generic NoCloud documents, all four at once. */
        public Builder genericData(NoCloudData data) {
            this.genericUserData = data.userData();
            this.genericMetaData = data.metaData();
            this.genericVendorData = data.vendorData();
            this.genericNetworkConfig = data.networkConfig();
            return this;
        }

        /** What hosts without a profile of their own boot. */
        public Builder defaultProfile(BootProfile profile) {
            this.defaultProfile = profile;
            return this;
        }

        /** The router announced to clients (option 3); none by default, as a lab leads nowhere. */
        public Builder router(String address) {
            this.router = Host.ipv4("router", address);
            return this;
        }

        /** Adds a DNS server announced to clients (option 6). */
        public Builder dnsServer(String address) {
            this.dnsServers.add(Host.ipv4("DNS server", address));
            return this;
        }

        /** The domain name announced to clients (option 15). */
        public Builder domainName(String name) {
            this.domainName = name;
            return this;
        }

        /** Router, DNS servers and domain announced to clients, all at once. */
        public Builder clientNetwork(ClientNetwork network) {
            this.router = network.router().orElse(null);
            this.dnsServers.clear();
            this.dnsServers.addAll(network.dnsServers());
            this.domainName = network.domainName().orElse(null);
            return this;
        }

        /** Adds the name of an installer finish event that means "the whole install is done". */
        public Builder installFinishedEvent(String name) {
            installFinishedEvents.add(name);
            return this;
        }

        /** What the provisioner holds at most; default {@link Limits#DEFAULTS}. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The keys installer reports must carry; default {@link ReportKeys#NONE}. */
        public Builder reportKeys(ReportKeys keys) {
            this.reportKeys = Objects.requireNonNull(keys, "reportKeys");
            return this;
        }

        /** How to treat the segment served; default {@link Segment#OWN_BRIDGE}. */
        public Builder segment(Segment segment) {
            this.segment = Objects.requireNonNull(segment, "segment");
            return this;
        }

        public ProvisionerConfig build() {
            if (interfaceName == null || interfaceName.isBlank()) {
                throw new IllegalArgumentException("the provisioner needs the lab's interface name (e.g. the lab bridge)");
            }
            if (serverAddress == null) {
                throw new IllegalArgumentException("the provisioner needs a lab address, e.g. 192.168.105.1/24");
            }
            if (segment.dhcpMode() == DhcpMode.PROXY) {
                requireNoAddresses();
            }
            return new ProvisionerConfig(interfaceName, serverAddress, prefixLength, List.copyOf(hosts.values()),
                    segment.dhcpMode() == DhcpMode.PROXY ? Map.of() : assignAddresses(), Optional.ofNullable(pool), dhcpPort, tftpPort, httpPort,
                    Optional.ofNullable(assetRoot), Optional.ofNullable(tftpRoot), bootLoaders,
                    new NoCloudData(genericUserData, genericMetaData, genericVendorData, genericNetworkConfig),
                    defaultProfile, installFinishedEvents,
                    new ClientNetwork(Optional.ofNullable(router), dnsServers, Optional.ofNullable(domainName)),
                    limits, reportKeys, Optional.ofNullable(packageRoot), segment);
        }

        /** With proxy DHCP the segment's own server gives the addresses: asking for any here is a mistake. */
        private void requireNoAddresses() {
            if (pool != null) {
                throw new IllegalArgumentException("pool " + pool + ": with proxy DHCP the segment's own DHCP server"
                        + " gives the addresses; remove the pool");
            }
            for (Host host : hosts.values()) {
                host.fixedAddress().ifPresent(address -> {
                    throw new IllegalArgumentException("host " + host.mac() + ": address " + address.getHostAddress()
                            + ": with proxy DHCP the segment's own DHCP server gives the addresses; remove the"
                            + " host's address (or give it a reservation on that server)");
                });
            }
        }

        private Map<MacAddress, Inet4Address> assignAddresses() {
            Ipv4Subnet subnet = Ipv4Subnet.parse(serverAddress.getHostAddress() + "/" + prefixLength);
            Map<Inet4Address, MacAddress> taken = new HashMap<>();
            taken.put(serverAddress, null);
            Map<MacAddress, Inet4Address> result = new LinkedHashMap<>();
            for (Host host : hosts.values()) {
                host.fixedAddress().ifPresent(address -> {
                    if (!subnet.isHost(address)) {
                        throw new IllegalArgumentException("host " + host.mac() + ": address " + address.getHostAddress()
                                + " is not a host address in the lab's subnet " + subnet);
                    }
                    if (taken.containsKey(address)) {
                        MacAddress other = taken.get(address);
                        throw new IllegalArgumentException("host " + host.mac() + ": address " + address.getHostAddress()
                                + " is already " + (other == null ? "the provisioner's own address" : "given to host " + other));
                    }
                    taken.put(address, host.mac());
                    result.put(host.mac(), address);
                });
            }
            int next = FIRST_ASSIGNED_HOST;
            for (Host host : hosts.values()) {
                if (host.fixedAddress().isPresent()) {
                    continue;
                }
                while (next <= subnet.hostCount()
                        && (taken.containsKey(subnet.host(next)) || pool != null && pool.contains(subnet.host(next)))) {
                    next++;
                }
                if (next > subnet.hostCount()) {
                    throw new IllegalArgumentException("the lab's subnet " + subnet + " has no free address left for host "
                            + host.mac());
                }
                result.put(host.mac(), subnet.host(next));
                taken.put(subnet.host(next), host.mac());
            }
            return result;
        }

        private static Path requireFolder(String what, Path folder) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(what + " " + folder.toAbsolutePath() + " is not a directory");
            }
            return folder;
        }
    }
}
