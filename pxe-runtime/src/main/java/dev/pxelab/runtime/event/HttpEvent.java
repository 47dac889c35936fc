package dev.pxelab.runtime.event;

import dev.pxelab.runtime.net.MacAddress;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * An HTTP request the provisioner answered.
 *
 * @param mac the MAC named in the path (per-MAC scripts and data), or null
 */
public record HttpEvent(Instant time, InetSocketAddress client, MacAddress mac, String method, String path,
                        int status, long bytes) implements ProvisioningEvent {

    @Override
    public String summary() {
        return "HTTP " + Printable.of(method, 20) + " " + Printable.of(path, 300) + " -> " + status + " (" + bytes + " bytes) for "
                + (mac != null ? mac : client.getAddress().getHostAddress());
    }
}
