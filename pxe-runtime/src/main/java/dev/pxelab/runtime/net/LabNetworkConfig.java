package dev.pxelab.runtime.net;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * How to build a lab network. Everything has a default: {@code LabNetworkConfig.defaults()} gives
 * the next free subnet of the JVM's address plan (192.168.105.0/24 first) with the server on .1,
 * a generated bridge name, router advertisements on, and no lab in a namespace with interfaces
 * pxelab did not create. No system property changes these defaults; see
 * {@link dev.pxelab.runtime.lab.LabProperties} for the one place that may.
 *
 * @param subnet                 the lab's subnet, or null to take the next free one from the plan
 * @param serverAddress          the address the bridge (and so the provisioner) gets, or null for host .1
 * @param bridgeName             the bridge's name (at most 15 characters), or null for a generated one
 * @param allowForeignInterfaces set up the lab even though the namespace has interfaces pxelab did
 *                               not create (see {@link #ALLOW_FOREIGN_INTERFACES_PROPERTY})
 * @param ipv6Ra                 whether IPv6 router advertisements go out, or null for the default:
 *                               see {@link #routerAdvertisements()}
 * @param existingInterface      {@code bridgeName} names an interface that exists already and carries
 *                               the server address (a spare NIC, a libvirt network, another tool's
 *                               bridge): use it as it is, create and remove nothing. Only
 *                               {@code pxelab serve} serves one; a lab of machines pxelab starts
 *                               creates its own bridge.
 * @param addressPlan            where the subnet and interface names come from and are noted:
 *                               {@link AddressPlan#jvmWide()} unless a test brings its own
 */
public record LabNetworkConfig(Ipv4Subnet subnet, Inet4Address serverAddress, String bridgeName,
                               boolean allowForeignInterfaces, Boolean ipv6Ra,
                               AddressPlan addressPlan, boolean existingInterface) {

    /**
     * System property that, set to {@code true}, lets a lab network be created in a namespace that
     * has network interfaces pxelab did not create, e.g. the host's own namespace. Dangerous: the
     * provisioner's DHCP server must never answer on a real LAN. Read only by
     * {@link dev.pxelab.runtime.lab.LabProperties}.
     */
    public static final String ALLOW_FOREIGN_INTERFACES_PROPERTY = "pxelab.allowForeignInterfaces";

    public LabNetworkConfig {
        Objects.requireNonNull(addressPlan, "addressPlan");
        if (serverAddress != null && subnet != null && !subnet.contains(serverAddress)) {
            throw new IllegalArgumentException("server address " + serverAddress.getHostAddress()
                    + " is not inside the lab subnet " + subnet);
        }
        if (bridgeName != null && (bridgeName.isEmpty() || bridgeName.length() > 15
                || !bridgeName.matches("[A-Za-z0-9_.-]+"))) {
            throw new IllegalArgumentException("bridge name '" + bridgeName
                    + "' is not a valid Linux interface name (1-15 characters of A-Z a-z 0-9 _ . -)");
        }
        if (existingInterface && bridgeName == null) {
            throw new IllegalArgumentException("an existing interface to serve needs its name");
        }
    }

    /**
     * Whether IPv6 router advertisements go out on the lab's interface so that iPXE's IPv6
     * autoconfiguration ends at once instead of timing out: unless set, on for a bridge pxelab
     * creates (the bridge sends them) and off for an existing interface, someone else's network
     * (where the provisioner sends them when asked, and only when no router answers there).
     */
    public boolean routerAdvertisements() {
        return ipv6Ra != null ? ipv6Ra : !existingInterface;
    }

    public static LabNetworkConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    Optional<Ipv4Subnet> fixedSubnet() {
        return Optional.ofNullable(subnet);
    }

    public static final class Builder {
        private Ipv4Subnet subnet;
        private Inet4Address serverAddress;
        private String bridgeName;
        private boolean allowForeignInterfaces;
        /** Null until set: then on for a bridge pxelab creates, off for an existing interface. */
        private Boolean routerAdvertisements;
        private boolean existingInterface;
        private AddressPlan addressPlan = AddressPlan.jvmWide();

        private Builder() {
        }

        /** The lab's server address and subnet in one, e.g. {@code 192.168.105.1/24}. */
        public Builder serverAddress(String cidr) {
            Ipv4Subnet s = Ipv4Subnet.parse(cidr);
            this.subnet = s;
            this.serverAddress = Ipv4.parse("lab server address", cidr.strip().split("/")[0]);
            return this;
        }

        public Builder subnet(String cidr) {
            this.subnet = Ipv4Subnet.parse(cidr);
            return this;
        }

        /**
         * A subnet ({@code 192.168.105.0/24}: the server takes its first host address) or the
         * server's address in one ({@code 192.168.105.1/24}).
         */
        public Builder address(String cidr) {
            Ipv4Subnet parsed = Ipv4Subnet.parse(cidr);
            Inet4Address address = Ipv4.parse("lab address", cidr.strip().split("/")[0]);
            return address.equals(parsed.networkAddress()) ? subnet(cidr) : serverAddress(cidr);
        }

        /** Starts from the settings of {@code config}. */
        public Builder from(LabNetworkConfig config) {
            this.subnet = config.subnet();
            this.serverAddress = config.serverAddress();
            this.bridgeName = config.bridgeName();
            this.allowForeignInterfaces = config.allowForeignInterfaces();
            this.routerAdvertisements = config.ipv6Ra();
            this.addressPlan = config.addressPlan();
            this.existingInterface = config.existingInterface();
            return this;
        }

        public Builder bridgeName(String name) {
            this.bridgeName = name;
            return this;
        }

        /**
         * Sets up the lab even in a namespace with interfaces pxelab did not create, e.g. the host's.
         * Dangerous: the lab's DHCP server must never answer on a real LAN.
         */
        public Builder allowForeignInterfaces(boolean allow) {
            this.allowForeignInterfaces = allow;
            return this;
        }

        public Builder routerAdvertisements(boolean send) {
            this.routerAdvertisements = send;
            return this;
        }

        /**
         * Whether the named interface exists already and is to be used as it is (see
         * {@link LabNetworkConfig#existingInterface()}).
         */
        public Builder existingInterface(boolean existing) {
            this.existingInterface = existing;
            return this;
        }

        /** Where subnets and interface names come from; {@link AddressPlan#jvmWide()} unless set. */
        public Builder addressPlan(AddressPlan plan) {
            this.addressPlan = plan;
            return this;
        }

        public LabNetworkConfig build() {
            return new LabNetworkConfig(subnet, serverAddress, bridgeName, allowForeignInterfaces, routerAdvertisements,
                    addressPlan, existingInterface);
        }
    }
}
