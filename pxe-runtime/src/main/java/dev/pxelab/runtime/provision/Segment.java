package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.dhcp.DhcpMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How the provisioner treats the L2 segment it serves. A lab's own bridge holds nothing but the
 * lab ({@link #OWN_BRIDGE}): no probing, a full DHCP server, and the router advertisements come
 * from the bridge ({@code net.LabNetwork}). An interface someone else made (a spare NIC on a
 * physical lab network, a libvirt network, another tool's bridge) may already have a DHCP server
 * and a router: the provisioner first listens for them ({@link #existing}).
 *
 * @param dhcpMode             a full DHCP server, or proxy DHCP next to the segment's own server
 * @param probe                how long to listen for another DHCP server before answering;
 *                             {@link Duration#ZERO} for none. Another server that offers addresses
 *                             stops a full server from starting; another proxy DHCP server stops both.
 * @param routerAdvertisements send IPv6 router advertisements on the interface (lifetime 0, nothing
 *                             to configure: they only end iPXE's IPv6 wait), unless a router
 *                             already answers a solicitation there
 */
public record Segment(DhcpMode dhcpMode, Duration probe, boolean routerAdvertisements) {

    /** A lab's own bridge: nothing else is on it, and the bridge itself advertises. */
    public static final Segment OWN_BRIDGE = new Segment(DhcpMode.SERVER, Duration.ZERO, false);

    /**
     * Long enough for the servers found in the field to answer: many first make sure nobody uses
     * the address they are about to offer (busybox udhcpd ARP-pings it for 2 s, ISC dhcpd pings
     * it for 1 s), and the probe sends its second DISCOVER halfway.
     */
    public static final Duration DEFAULT_PROBE = Duration.ofSeconds(4);

    public Segment {
        Objects.requireNonNull(dhcpMode, "dhcpMode");
        Objects.requireNonNull(probe, "probe");
        if (probe.isNegative()) {
            throw new IllegalArgumentException("probe time " + probe + " is negative");
        }
    }

    /** An interface pxelab did not create: probed for {@link #DEFAULT_PROBE} before answering. */
    public static Segment existing(DhcpMode dhcpMode, boolean routerAdvertisements) {
        return new Segment(dhcpMode, DEFAULT_PROBE, routerAdvertisements);
    }

    public Segment withProbe(Duration probe) {
        return new Segment(dhcpMode, probe, routerAdvertisements);
    }

    boolean probes() {
        return !probe.isZero();
    }
}
