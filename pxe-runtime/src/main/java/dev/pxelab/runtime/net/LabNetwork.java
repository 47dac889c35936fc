package dev.pxelab.runtime.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's private L2 segment inside the JVM's network namespace: a Linux bridge that carries the
 * provisioner's address, and one tap per target. Closing it removes the taps and the bridge and
 * returns the subnet to the address plan; other labs of the same JVM stay up.
 *
 * <pre>{@code
 * try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults())) {
 *     TapDevice tap = lab.addTap(MacAddress.of("52:54:00:00:00:11"));
 *     // provisioner binds to lab.serverAddress(); QEMU opens tap.name()
 * }
 * }</pre>
 */
public final class LabNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabNetwork.class);
    /** Interface names of this JVM's labs start with this, so a person can tell them apart in {@code ip link}. */
    static final String NAME_PREFIX = "pxl";

    private final AddressPlan plan;
    private final int id;
    private final String bridgeName;
    private final Ipv4Subnet subnet;
    private final Inet4Address serverAddress;
    private final Map<MacAddress, TapDevice> taps = new LinkedHashMap<>();
    private final RouterAdvertiser routerAdvertiser;
    private int tapCounter;
    private boolean closed;

    private LabNetwork(AddressPlan plan, int id, String bridgeName, Ipv4Subnet subnet, Inet4Address serverAddress,
                       RouterAdvertiser routerAdvertiser) {
        this.plan = plan;
        this.id = id;
        this.bridgeName = bridgeName;
        this.subnet = subnet;
        this.serverAddress = serverAddress;
        this.routerAdvertiser = routerAdvertiser;
    }

    /**
     * Creates the bridge with the server address and brings it up. Its subnet (unless the config
     * names one) and its interface names come from the config's {@link AddressPlan}.
     *
     * @throws IllegalStateException when the namespace has interfaces pxelab did not create and the
     *                               config does not allow that, or the subnet is taken by another lab
     * @throws IOException           when {@code ip} fails (e.g. no CAP_NET_ADMIN in this namespace)
     */
    public static LabNetwork create(LabNetworkConfig config) throws IOException {
        if (config.existingInterface()) {
            throw new IllegalArgumentException("interface " + config.bridgeName() + " is an existing interface: pxelab"
                    + " serve uses one as it is, but a lab network of machines pxelab starts is a bridge of its own");
        }
        AddressPlan plan = config.addressPlan();
        NamespaceGuard.forThisNamespace(plan).check(config.allowForeignInterfaces());
        int id = plan.nextLabNumber();
        Ipv4Subnet subnet = config.fixedSubnet().orElse(null);
        if (subnet == null) {
            subnet = plan.allocate();
        } else {
            plan.reserve(subnet);
        }
        Inet4Address server = config.serverAddress() != null ? config.serverAddress() : subnet.host(1);
        String bridge = config.bridgeName() != null ? config.bridgeName() : NAME_PREFIX + "br" + id;
        try {
            plan.claimInterface(bridge);
            // STP off and no forward delay: a tap must forward the moment QEMU opens it, or the
            // firmware's first DHCPDISCOVER is lost. No multicast snooping: RS/RA must always pass.
            IpCommand.ip("link", "add", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0",
                    "mcast_snooping", "0");
            // A fixed, locally administered MAC: otherwise the bridge takes the lowest port MAC and
            // changes it as taps come and go, which confuses guests' ARP caches.
            IpCommand.ip("link", "set", bridge, "address", bridgeMac(id).toString());
            // No duplicate address detection: the link-local address (the RA's source) is then
            // usable as soon as the first tap brings the bridge's carrier up.
            writeSysctl("net/ipv6/conf/" + bridge + "/accept_dad", "0");
            IpCommand.ip("addr", "add", subnet.cidrOf(server), "dev", bridge);
            IpCommand.ip("link", "set", bridge, "up");
        } catch (IOException | RuntimeException e) {
            deleteQuietly(bridge);
            plan.releaseInterface(bridge);
            plan.release(subnet);
            throw e;
        }
        RouterAdvertiser ra = null;
        if (config.routerAdvertisements()) {
            try {
                ra = RouterAdvertiser.start(bridge, bridgeMac(id));
            } catch (RuntimeException | IOException e) {
                LOG.warn("lab {}: no IPv6 router advertisements ({}); iPXE will wait for its IPv6 timeout", bridge,
                        e.getMessage());
            }
        }
        LOG.info("lab network {} up: {} on {}", bridge, subnet.cidrOf(server), bridge);
        return new LabNetwork(plan, id, bridge, subnet, server, ra);
    }

    public String bridgeName() {
        return bridgeName;
    }

    /** The bridge's address: where the provisioner's servers listen. */
    public Inet4Address serverAddress() {
        return serverAddress;
    }

    public Ipv4Subnet subnet() {
        return subnet;
    }

    /** Creates a tap for the target with this MAC and attaches it to the bridge. */
    public synchronized TapDevice addTap(MacAddress mac) throws IOException {
        if (closed) {
            throw new IllegalStateException("lab network " + bridgeName + " is closed");
        }
        if (taps.containsKey(mac)) {
            throw new IllegalStateException("lab network " + bridgeName + " already has a tap for " + mac
                    + ": " + taps.get(mac).name());
        }
        String name = NAME_PREFIX + id + "t" + (++tapCounter);
        plan.claimInterface(name);
        try {
            IpCommand.ip("tuntap", "add", "dev", name, "mode", "tap");
            IpCommand.ip("link", "set", name, "master", bridgeName);
            IpCommand.ip("link", "set", name, "up");
        } catch (IOException | RuntimeException e) {
            deleteQuietly(name);
            plan.releaseInterface(name);
            throw e;
        }
        TapDevice tap = new TapDevice(name, mac, bridgeName);
        taps.put(mac, tap);
        LOG.debug("lab {}: tap {} for {}", bridgeName, name, mac);
        return tap;
    }

    /** Removes a target's tap, e.g. after its machine was destroyed. */
    public synchronized void removeTap(TapDevice tap) {
        if (taps.remove(tap.mac()) != null) {
            deleteQuietly(tap.name());
            plan.releaseInterface(tap.name());
        }
    }

    public synchronized List<TapDevice> taps() {
        return List.copyOf(taps.values());
    }

    /** Removes taps and bridge; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (routerAdvertiser != null) {
            routerAdvertiser.close();
        }
        for (TapDevice tap : List.copyOf(taps.values())) {
            removeTap(tap);
        }
        deleteQuietly(bridgeName);
        plan.releaseInterface(bridgeName);
        plan.release(subnet);
        LOG.info("lab network {} removed", bridgeName);
    }

    @Override
    public String toString() {
        return "LabNetwork[" + bridgeName + " " + subnet.cidrOf(serverAddress) + "]";
    }

    private static MacAddress bridgeMac(int id) {
        return MacAddress.of(String.format("02:70:78:6c:%02x:%02x", (id >> 8) & 0xff, id & 0xff));
    }

    private static void deleteQuietly(String name) {
        if (NetInterfaces.exists(name)) {
            try {
                IpCommand.ip("link", "del", name);
            } catch (IOException e) {
                LOG.warn("could not remove interface {}: {}", name, e.getMessage());
            }
        }
    }

    private static void writeSysctl(String key, String value) {
        try {
            Files.writeString(Path.of("/proc/sys", key), value);
        } catch (IOException e) {
            // Not fatal: without it, RAs start ~1 s later, after DAD.
            LOG.debug("cannot set {}: {}", key, e.getMessage());
        } catch (UncheckedIOException e) {
            LOG.debug("cannot set {}: {}", key, e.getMessage());
        }
    }
}
