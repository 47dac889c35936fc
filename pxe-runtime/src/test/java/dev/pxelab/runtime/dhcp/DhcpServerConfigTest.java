package dev.pxelab.runtime.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.net.Ipv4;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DhcpServerConfigTest {

    static DhcpServerConfig.Builder lab() {
        return DhcpServerConfig.builder("br0", Ipv4.parse("192.168.105.1"), 24);
    }

    @Test
    void sensibleDefaults() {
        DhcpServerConfig c = lab().build();
        assertThat(c.port()).isEqualTo(67);
        assertThat(c.leaseTime()).isEqualTo(Duration.ofHours(1));
        assertThat(c.bootFiles()).isEqualTo(BootFiles.DEFAULTS);
        assertThat(c.ipxeHints()).containsExactly(DhcpServerConfig.IpxeHint.NO_PXEDHCP);
        assertThat(c.pool()).isNull();
        assertThat(c.router()).isNull();
        assertThat(c.broadcastAddress()).isEqualTo(Ipv4.parse("192.168.105.255"));
    }

    @Test
    void staticLeaseOutsideTheSubnet() {
        assertThatThrownBy(() -> lab().staticLease("52:54:00:00:00:11", "192.168.106.11", "web-1").build())
                .hasMessage("static lease for 52:54:00:00:00:11: address 192.168.106.11 is outside the subnet 192.168.105.0/24");
    }

    @Test
    void staticLeaseOnTheBroadcastAddress() {
        assertThatThrownBy(() -> lab().staticLease("52:54:00:00:00:11", "192.168.105.255", null).build())
                .hasMessageContaining("is the broadcast address of 192.168.105.0/24");
    }

    @Test
    void staticLeaseOnTheServersAddress() {
        assertThatThrownBy(() -> lab().staticLease("52:54:00:00:00:11", "192.168.105.1", null).build())
                .hasMessageContaining("192.168.105.1 is the server's own address");
    }

    @Test
    void duplicateMac() {
        assertThatThrownBy(() -> lab().staticLease("52:54:00:00:00:11", "192.168.105.11", null)
                .staticLease("52-54-00-00-00-11", "192.168.105.12", null).build())
                .hasMessage("MAC 52:54:00:00:00:11 has two static leases: 192.168.105.11 and 192.168.105.12");
    }

    @Test
    void duplicateAddress() {
        assertThatThrownBy(() -> lab().staticLease("52:54:00:00:00:11", "192.168.105.11", null)
                .staticLease("52:54:00:00:00:12", "192.168.105.11", null).build())
                .hasMessage("address 192.168.105.11 is given to both 52:54:00:00:00:11 and 52:54:00:00:00:12");
    }

    @Test
    void poolContainingTheServer() {
        assertThatThrownBy(() -> lab().pool("192.168.105.1", "192.168.105.20").build())
                .hasMessage("address pool 192.168.105.1-192.168.105.20 contains the server's own address 192.168.105.1");
    }

    @Test
    void poolLeavingTheSubnet() {
        assertThatThrownBy(() -> lab().pool("192.168.105.100", "192.168.106.20").build())
                .hasMessageContaining("last address 192.168.106.20 is outside the subnet 192.168.105.0/24");
    }

    @Test
    void backwardsPool() {
        assertThatThrownBy(() -> lab().pool("192.168.105.200", "192.168.105.100").build())
                .hasMessageContaining("first address comes after the last");
    }

    @Test
    void routerOutsideTheSubnet() {
        assertThatThrownBy(() -> lab().router(Ipv4.parse("10.0.0.1")).build())
                .hasMessage("router 10.0.0.1 is outside the subnet 192.168.105.0/24");
    }

    @Test
    void invalidHostname() {
        assertThatThrownBy(() -> lab().staticLease("52:54:00:00:00:11", "192.168.105.11", "web_1!").build())
                .hasMessageContaining("host name 'web_1!' is not a valid host name");
    }

    @Test
    void invalidInterfaceNameAndPrefix() {
        assertThatThrownBy(() -> DhcpServerConfig.builder("a-very-long-interface", Ipv4.parse("192.168.105.1"), 24).build())
                .hasMessageContaining("is not a Linux interface name");
        assertThatThrownBy(() -> DhcpServerConfig.builder("br0", Ipv4.parse("192.168.105.1"), 31).build())
                .hasMessageContaining("/31 is outside 8..30");
    }

    @Test
    void tooShortLease() {
        assertThatThrownBy(() -> lab().leaseTime(Duration.ofSeconds(5)).build())
                .hasMessageContaining("lease time PT5S");
    }

    @Test
    void bootUrlsUseTheBootProfilePlaceholderSyntaxAndRejectUnknownNames() {
        assertThatThrownBy(() -> BootFiles.DEFAULTS.withIpxeScriptUrl("http://${server}/${file}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boot files ipxeScriptUrl: unknown placeholder ${file}")
                .hasMessageContaining("known: ${mac}, ${mac-hyphen}, ${server} (write $$ for a literal $)");
        assertThatThrownBy(() -> BootFiles.DEFAULTS.withIpxeScriptUrl("http://${server/x"))
                .hasMessageContaining("boot files ipxeScriptUrl: unterminated placeholder");
    }
}
