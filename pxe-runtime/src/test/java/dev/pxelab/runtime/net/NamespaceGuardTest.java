package dev.pxelab.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs in the test JVM's own namespace (tools/netns/bin/java): a dummy interface plays the host's NIC. */
class NamespaceGuardTest {

    @AfterEach
    void removeDummy() throws IOException {
        if (NetInterfaces.exists("dummy0")) {
            IpCommand.ip("link", "del", "dummy0");
        }
    }

    /**
     * Plays the host's NIC. The kernel here cannot load the dummy driver ("Unknown device type"),
     * so it is a bridge named dummy0: to the guard any interface pxelab did not create is foreign.
     */
    private static void addForeignInterface() throws IOException {
        IpCommand.ip("link", "add", "dummy0", "type", "bridge");
    }

    @Test
    void refusesANamespaceWithAnInterfaceItDidNotCreate() throws IOException {
        addForeignInterface();

        assertThatThrownBy(() -> LabNetwork.create(LabNetworkConfig.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pxelab refuses to set up a lab network in a network namespace that has other interfaces"
                        + " [dummy0]: this looks like the host's network, where a lab DHCP server must never answer."
                        + " Run the test JVM in a namespace of its own: with Maven, pxelab-maven-plugin's prepare goal does it"
                        + " (docs/getting-started.md); from an IDE, see \"Running one class from an IDE\" in docs/junit.md;"
                        + " elsewhere, start the JVM under unshare --net (as root) or unshare --net --map-root-user. Or allow it"
                        + " (LabNetworkConfig allowForeignInterfaces(true), or -Dpxelab.allowForeignInterfaces=true)"
                        + " if this namespace is meant for the lab.");
        assertThat(NetInterfaces.names()).as("nothing created").containsExactlyInAnyOrder("lo", "dummy0");
    }

    @Test
    void createsTheLabAnywayWhenAllowed() throws IOException {
        addForeignInterface();

        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.builder().allowForeignInterfaces(true)
                .routerAdvertisements(false).build())) {
            assertThat(lab.bridgeName()).startsWith("pxlbr");
        }
    }

    @Test
    void interfacesOfOtherLabsInThisJvmAreNotForeign() throws IOException {
        try (LabNetwork first = LabNetwork.create(LabNetworkConfig.defaults())) {
            first.addTap(MacAddress.of("52:54:00:00:00:01"));
            try (LabNetwork second = LabNetwork.create(LabNetworkConfig.defaults())) {
                assertThat(second.bridgeName()).isNotEqualTo(first.bridgeName());
            }
        }
    }

    @Test
    void aLabOnAnotherPlanTakesTheOthersInterfacesForForeignAndSaysWhy() throws IOException {
        try (LabNetwork first = LabNetwork.create(LabNetworkConfig.defaults())) {
            AddressPlan own = new AddressPlan(Ipv4Subnet.parse("192.168.200.0/24"), 4);

            assertThatThrownBy(() -> LabNetwork.create(LabNetworkConfig.builder().addressPlan(own).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("other interfaces [" + first.bridgeName() + "]")
                    .hasMessageEndingWith(" Interfaces named pxl* are pxelab's: a lab of this JVM made them with another"
                            + " AddressPlan; give all labs of a JVM the same one (AddressPlan.jvmWide()).");
        }
    }
}
