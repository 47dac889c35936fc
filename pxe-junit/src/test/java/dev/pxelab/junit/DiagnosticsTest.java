package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.event.TftpEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {

    @Test
    void theNetworkLogHoldsOnlyDhcpTftpAndHttpOneEventPerLineWithItsTime() throws Exception {
        MacAddress mac = MacAddress.of("52:54:00:00:00:01");
        Inet4Address address = (Inet4Address) InetAddress.getByName("192.168.105.10");
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        List<ProvisioningEvent> events = List.of(
                new LifecycleEvent(t, mac, LifecycleEvent.STARTED),
                new DhcpEvent(t.plusSeconds(1), mac, DhcpEvent.Type.ACK, address, "undionly.kpxe"),
                new TftpEvent(t.plusSeconds(2), new InetSocketAddress(address, 2070), "undionly.kpxe",
                        TftpEvent.Type.COMPLETED, 1024, ""));

        String network = Diagnostics.lines(events, Diagnostics::isNetwork);

        assertThat(network.lines()).hasSize(2);
        assertThat(network).startsWith("2026-01-01T10:00:01Z DHCP ACK 52:54:00:00:00:01 192.168.105.10 boot undionly.kpxe\n"
                + "2026-01-01T10:00:02Z TFTP ").endsWith("\n");
        assertThat(Diagnostics.lines(events, e -> true).lines()).hasSize(3);
        assertThat(Diagnostics.isNetwork(events.get(0))).isFalse();
    }

    @Test
    void noEventsIsAnEmptyFile() {
        assertThat(Diagnostics.lines(List.of(), e -> true)).isEmpty();
    }
}
