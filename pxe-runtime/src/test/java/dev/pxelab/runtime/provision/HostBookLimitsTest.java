package dev.pxelab.runtime.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.http.NoCloudData;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** B1: 60,000 DISCOVERs from random MACs left 60,002 hosts and 60,020 events in memory for good. */
class HostBookLimitsTest {

    static final MacAddress DECLARED = MacAddress.of("52:54:00:00:00:11");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final BootProfile PROFILE = new BootProfile("installer", "vmlinuz", List.of(), "");
    static final Limits SMALL = Limits.DEFAULTS.withEventsPerHost(5).withLabEvents(50)
            .withUnknownHosts(3, Duration.ofMinutes(10));

    final HostBook book = new HostBook(List.of(Host.builder(DECLARED).build()), Map.of(DECLARED, Ipv4.parse("192.168.105.11")),
            NoCloudData.NONE, PROFILE, new StateRules(java.util.Set.of("subiquity/Install")), true, SMALL, ReportKeys.NONE);

    static MacAddress mac(int i) {
        return MacAddress.of(String.format("52:54:00:66:%02x:%02x", i >> 8, i & 0xff));
    }

    static DhcpEvent dhcp(MacAddress mac, DhcpEvent.Type type, Instant at, int host) {
        return new DhcpEvent(at, mac, type, type == DhcpEvent.Type.ACK ? Ipv4.parse("192.168.105." + host) : null, null);
    }

    @Test
    void discoversFromMadeUpMacsAdoptNobodyAndKeepOnlyTheLastEvents() {
        for (int i = 0; i < 1000; i++) {
            book.accept(dhcp(mac(i), DhcpEvent.Type.DISCOVER, T0, 0));
        }

        book.accept(new DhcpEvent(T0, mac(1), DhcpEvent.Type.ACK, null, null)); // the ACK to an INFORM: no lease

        assertThat(book.statuses()).extracting(HostStatus::mac).containsExactly(DECLARED);
        assertThat(book.events()).hasSize(50);
        assertThat(book.host(mac(7))).as("no boot script for a MAC that got no lease").isEmpty();
    }

    @Test
    void aPoolClientIsAdoptedAfterItsAckAndGetsABootScript() {
        book.accept(dhcp(mac(1), DhcpEvent.Type.ACK, T0, 100));

        assertThat(book.host(mac(1))).hasValueSatisfying(h -> assertThat(h.address()).isEqualTo("192.168.105.100"));
        assertThat(book.status(mac(1))).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(HostState.DHCP));
    }

    @Test
    void aHostKeepsOnlyItsLastEvents() {
        for (int i = 0; i < 20; i++) {
            book.accept(new LifecycleEvent(T0.plusSeconds(i), DECLARED, "event " + i));
        }

        assertThat(book.status(DECLARED).orElseThrow().events()).hasSize(5)
                .last().extracting(e -> ((LifecycleEvent) e).what()).isEqualTo("event 19");
    }

    @Test
    void unknownHostsAreCappedLeastRecentlySeenFirstAndDeclaredOnesStay() {
        for (int i = 1; i <= 5; i++) {
            book.accept(dhcp(mac(i), DhcpEvent.Type.ACK, T0.plusSeconds(i), 100 + i));
        }

        assertThat(book.statuses()).extracting(HostStatus::mac).containsExactlyInAnyOrder(DECLARED, mac(3), mac(4), mac(5));
        assertThat(book.host(mac(1))).isEmpty();
    }

    @Test
    void anUnknownHostIdleForLongerThanTheLimitIsForgotten() {
        book.accept(dhcp(mac(1), DhcpEvent.Type.ACK, T0, 101));
        book.accept(dhcp(mac(2), DhcpEvent.Type.ACK, T0.plus(Duration.ofMinutes(9)), 102));

        book.accept(new LifecycleEvent(T0.plus(Duration.ofMinutes(11)), DECLARED, "later"));

        assertThat(book.status(mac(1))).isEmpty();
        assertThat(book.status(mac(2))).isPresent();
        assertThat(book.status(DECLARED)).isPresent();
    }
}
