package dev.pxelab.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.testing.PeerNamespace;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Integration: real bridges and taps in the test JVM's namespace. */
class LabNetworkTest {

    private static final MacAddress WEB = MacAddress.of("52:54:00:00:00:11");
    private static final MacAddress DB = MacAddress.of("52:54:00:00:00:12");

    @Test
    void bridgeCarriesTheServerAddressAndTapsAttachToIt() throws IOException {
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.builder().serverAddress("192.168.150.1/24").build())) {
            assertThat(lab.serverAddress().getHostAddress()).isEqualTo("192.168.150.1");
            assertThat(lab.subnet()).hasToString("192.168.150.0/24");
            assertThat(IpCommand.ip("-4", "-o", "addr", "show", "dev", lab.bridgeName()))
                    .contains("inet 192.168.150.1/24");
            assertThat(IpCommand.ip("-d", "link", "show", lab.bridgeName())).contains("bridge");

            TapDevice web = lab.addTap(WEB);
            TapDevice db = lab.addTap(DB);

            assertThat(web.mac()).isEqualTo(WEB);
            assertThat(web.name()).isNotEqualTo(db.name());
            assertThat(IpCommand.ip("-d", "link", "show", web.name())).contains("master " + lab.bridgeName(), "tun type tap");
            assertThat(IpCommand.ip("link", "show", "master", lab.bridgeName())).contains(web.name(), db.name());
        }
    }

    @Test
    void closeRemovesBridgeAndTapsAndFreesTheSubnet() throws IOException {
        LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
        String bridge = lab.bridgeName();
        TapDevice tap = lab.addTap(WEB);
        String subnet = lab.subnet().toString();

        lab.close();
        lab.close(); // idempotent

        assertThat(NetInterfaces.names()).doesNotContain(bridge, tap.name());
        try (LabNetwork again = LabNetwork.create(LabNetworkConfig.defaults())) {
            assertThat(again.subnet()).hasToString(subnet);
        }
    }

    @Test
    void twoLabsCoexistWithDistinctBridgesAndSubnetsAndCloseIndependently() throws IOException {
        try (LabNetwork first = LabNetwork.create(LabNetworkConfig.defaults())) {
            LabNetwork second = LabNetwork.create(LabNetworkConfig.defaults());
            assertThat(second.bridgeName()).isNotEqualTo(first.bridgeName());
            assertThat(second.subnet()).isNotEqualTo(first.subnet());
            assertThat(second.subnet().overlaps(first.subnet())).isFalse();
            first.addTap(WEB);
            second.addTap(WEB); // the same MAC may live in two separate labs

            second.close();

            assertThat(NetInterfaces.names()).doesNotContain(second.bridgeName());
            assertThat(IpCommand.ip("-4", "-o", "addr", "show", "dev", first.bridgeName()))
                    .contains(first.subnet().cidrOf(first.serverAddress()));
            assertThat(first.taps()).hasSize(1);
        }
    }

    @Test
    void routerAdvertisementsReachAHostOnTheLab() throws Exception {
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
             PeerNamespace peer = PeerNamespace.create(null)) {
            // A veth into a peer namespace stands in for a target's tap: it gives the bridge carrier.
            AddressPlan.jvmWide().claimInterface(peer.hostSide());
            IpCommand.ip("link", "set", peer.hostSide(), "master", lab.bridgeName());

            // rdisc6 (ndisc6) solicits and prints the first advertisement it gets; it needs the
            // peer's link-local address, usable once duplicate address detection is over.
            String waitForLinkLocal = "for i in $(seq 50); do ip -6 addr show dev " + peer.peerSide()
                    + " scope link | grep -q tentative || break; sleep 0.1; done; exec rdisc6 -1 -r 5 -w 1000 "
                    + peer.peerSide();
            PeerNamespace.ProcessResult result = peer.run(Duration.ofSeconds(15), "sh", "-c", waitForLinkLocal);

            assertThat(result.output()).as(result.output())
                    .containsPattern("Router lifetime\\s+:\\s+0 \\(")
                    .containsPattern("Stateful address conf.\\s+:\\s+No")
                    .containsPattern("from fe80::")
                    .doesNotContain("Prefix");
            assertThat(result.exitCode()).isZero();
            AddressPlan.jvmWide().releaseInterface(peer.hostSide());
        }
    }
}
