package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.dhcp.DhcpMode;
import dev.pxelab.runtime.dhcp.DhcpServerProbe;
import dev.pxelab.runtime.dhcp.DhcpServerProbe.ForeignServer;
import dev.pxelab.runtime.net.ForeignRouterProbe;
import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a segment someone else made before the provisioner answers on it (see {@link Segment}):
 * the interface must carry the lab address; another DHCP server that hands out addresses stops a
 * full server (proxy DHCP may run next to it); another proxy DHCP server stops both, as two boot
 * servers would race for the same clients; a router that answers solicitations keeps the
 * provisioner's router advertisements off.
 */
final class SegmentGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentGuard.class);
    /**
     * RFC 4861: a router answers a solicitation within 0.5 s, but no sooner than 3 s after its
     * last multicast advertisement; it runs alongside the DHCP probe, which takes longer.
     */
    static final Duration ROUTER_PROBE = Duration.ofMillis(3500);

    private SegmentGuard() {
    }

    /** @throws IllegalStateException when the segment must not be served as configured, saying why and what to do */
    static SegmentFindings check(ProvisionerConfig config) throws IOException {
        Segment segment = config.segment();
        if (!segment.probes() && !segment.routerAdvertisements()) {
            return SegmentFindings.NONE;
        }
        String name = config.interfaceName();
        NetworkInterface nic = requireLabAddress(config);
        CompletableFuture<Optional<String>> router = segment.routerAdvertisements()
                ? CompletableFuture.supplyAsync(() -> firstRouter(name))
                : CompletableFuture.completedFuture(Optional.empty());
        List<ForeignServer> servers = segment.probes() ? DhcpServerProbe.probe(name, macOf(nic), segment.probe())
                : List.of();
        List<ForeignServer> proxies = servers.stream().filter(s -> !s.offersAddresses()).toList();
        List<ForeignServer> addressServers = servers.stream().filter(ForeignServer::offersAddresses).toList();
        if (!proxies.isEmpty()) {
            throw new IllegalStateException("another PXE boot server (proxy DHCP) answers on " + name + ": "
                    + describe(proxies) + ". Two boot servers would race for the same machines; stop that one first,"
                    + " or serve a segment of its own");
        }
        if (!addressServers.isEmpty() && segment.dhcpMode() == DhcpMode.SERVER) {
            throw new IllegalStateException("another DHCP server answers on " + name + ": " + describe(addressServers)
                    + ". pxelab does not run a second DHCP server on a segment: use proxy DHCP (pxelab serve"
                    + " --proxy-dhcp, or dhcp: proxy in the lab file) to give only boot information next to it,"
                    + " or serve a segment of its own");
        }
        if (addressServers.isEmpty() && segment.dhcpMode() == DhcpMode.PROXY && segment.probes()) {
            LOG.warn("proxy DHCP on {}: no DHCP server answered within {} ms; PXE clients get boot information from"
                    + " pxelab but need their address from a DHCP server of the segment", name, segment.probe().toMillis());
        }
        return new SegmentFindings(servers.stream().map(ForeignServer::toString).toList(), router.join(), false);
    }

    /** The interface must exist here and carry the lab address with the lab's prefix: replies leave from it. */
    static NetworkInterface requireLabAddress(ProvisionerConfig config) throws IOException {
        String name = config.interfaceName();
        NetworkInterface nic = NetworkInterface.getByName(name);
        String cidr = config.serverAddress().getHostAddress() + "/" + config.prefixLength();
        if (nic == null) {
            throw new IllegalStateException("there is no interface " + name + " in this network namespace"
                    + " (see ip link)");
        }
        List<InterfaceAddress> addresses = nic.getInterfaceAddresses();
        boolean carries = addresses.stream().anyMatch(a -> a.getAddress().equals(config.serverAddress())
                && a.getNetworkPrefixLength() == config.prefixLength());
        if (!carries) {
            throw new IllegalStateException("interface " + name + " does not carry the lab address " + cidr + " (it has "
                    + addresses.stream().map(a -> a.getAddress().getHostAddress() + "/" + a.getNetworkPrefixLength())
                    .toList() + "): give it the address (ip addr add " + cidr + " dev " + name
                    + ") or change address: in the lab file");
        }
        return nic;
    }

    static MacAddress macOf(NetworkInterface nic) throws IOException {
        byte[] mac = nic.getHardwareAddress();
        if (mac == null || mac.length != 6) {
            throw new IllegalStateException("interface " + nic.getName() + " has no Ethernet address; PXE needs Ethernet");
        }
        return MacAddress.of(mac, 0);
    }

    /** A router that answered, or a note why nobody could ask: either keeps advertisements off. */
    private static Optional<String> firstRouter(String name) {
        try {
            return ForeignRouterProbe.firstRouter(name, ROUTER_PROBE);
        } catch (IOException e) {
            LOG.warn("{}: cannot ask for IPv6 routers ({}); sending no router advertisements", name, e.getMessage());
            return Optional.of("unknown (" + e.getMessage() + ")");
        }
    }

    private static String describe(List<ForeignServer> servers) {
        return String.join(", ", servers.stream().map(ForeignServer::toString).toList());
    }
}
