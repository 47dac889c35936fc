package dev.pxelab.runtime.provision;

import java.util.List;
import java.util.Optional;

/**
 * What the provisioner found on the segment it serves before it answered there: empty for a lab's
 * own bridge, which it does not probe.
 *
 * @param dhcpServers the other DHCP servers that answered its probe, described for people
 *                    ({@code 192.168.1.2 (offered 192.168.1.57)})
 * @param router      the address of a router that answered its router solicitation, if any
 * @param advertising whether the provisioner sends IPv6 router advertisements on the interface
 */
public record SegmentFindings(List<String> dhcpServers, Optional<String> router, boolean advertising) {

    public static final SegmentFindings NONE = new SegmentFindings(List.of(), Optional.empty(), false);

    public SegmentFindings {
        dhcpServers = List.copyOf(dhcpServers);
    }

    SegmentFindings advertising(boolean advertising) {
        return new SegmentFindings(dhcpServers, router, advertising);
    }
}
