package dev.pxelab.runtime.event;

import dev.pxelab.runtime.net.MacAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * Something the provisioner refused or lost that a test or an operator should see: a report
 * that did not come from the host it names, a protocol server that stopped.
 *
 * @param mac    the host concerned, or null when it concerns the lab (a server stopped)
 * @param source who raises it: {@code DHCP}, {@code TFTP}, {@code HTTP}
 */
public record AlertEvent(Instant time, MacAddress mac, String source, Kind kind, String what)
        implements ProvisioningEvent {

    public enum Kind {
        /** A protocol server's loop ended while the lab still runs: its clients get no answers. */
        SERVER_STOPPED,
        /** An installer event or phone-home was refused: wrong key, or not from the host it names. */
        REPORT_REFUSED
    }

    public AlertEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(what, "what");
    }

    @Override
    public String summary() {
        return source + " alert: " + what + (mac == null ? "" : " (" + mac + ")");
    }
}
