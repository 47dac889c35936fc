package dev.pxelab.runtime.provision;

import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * What the lab's DHCP server tells clients about the network beyond their address: a router
 * (option 3), DNS servers (option 6) and a domain name (option 15). A lab network leads nowhere,
 * so by default there is none of them; a lab that routes somewhere says so.
 */
public record ClientNetwork(Optional<Inet4Address> router, List<Inet4Address> dnsServers, Optional<String> domainName) {

    public static final ClientNetwork NONE = new ClientNetwork(Optional.empty(), List.of(), Optional.empty());

    public ClientNetwork {
        dnsServers = List.copyOf(dnsServers);
        domainName.ifPresent(name -> {
            if (!name.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
                throw new IllegalArgumentException("domain name '" + name + "' is not a DNS name (expected labels of"
                        + " letters, digits and inner hyphens separated by dots, e.g. lab.example)");
            }
        });
    }
}
