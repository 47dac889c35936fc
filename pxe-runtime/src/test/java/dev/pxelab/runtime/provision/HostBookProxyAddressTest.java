package dev.pxelab.runtime.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.http.HostBoot;
import dev.pxelab.runtime.http.NoCloudData;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * With proxy DHCP another server gives a host its address, and its ACK goes to the host alone:
 * the lab learns the address from the host's REQUEST, which the whole segment sees, so that the
 * host's reports and downloads are matched to it.
 */
class HostBookProxyAddressTest {

    static final MacAddress WEB = MacAddress.of("52:54:00:00:00:11");
    static final MacAddress STRANGER = MacAddress.of("52:54:00:99:99:99");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final HostBook book = new HostBook(List.of(Host.builder(WEB).build()), Map.of(), NoCloudData.NONE,
            new BootProfile("installer", "vmlinuz", List.of(), ""), new StateRules(Set.of("subiquity/Install")), false,
            Limits.DEFAULTS, ReportKeys.NONE);

    static DhcpEvent request(MacAddress mac, String address) {
        return new DhcpEvent(T0, mac, DhcpEvent.Type.REQUEST, Ipv4.parse(address), null);
    }

    @Test
    void aDeclaredHostHasTheAddressItsLatestRequestNames() {
        book.takeAddressesFromRequests();

        book.accept(request(WEB, "192.168.105.57"));
        book.accept(request(WEB, "192.168.105.58")); // the other server said no; it asked again

        assertThat(book.host(WEB)).get().extracting(HostBoot::address).isEqualTo("192.168.105.58");
    }

    @Test
    void aMacTheLabDoesNotKnowGetsNoAddress() {
        book.takeAddressesFromRequests();

        book.accept(request(STRANGER, "192.168.105.60"));

        assertThat(book.host(STRANGER)).isEmpty();
    }

    @Test
    void withoutProxyDhcpARequestIsNoLease() {
        book.accept(request(WEB, "192.168.105.57"));

        assertThat(book.host(WEB)).get().extracting(HostBoot::address).isNull();
    }
}
