package dev.pxelab.runtime.event;

import dev.pxelab.runtime.net.MacAddress;
import java.time.Instant;
import java.util.Map;

/** A cloud-init {@code phone_home} post: the installed system came up and ran cloud-init. */
public record PhoneHomeEvent(Instant time, MacAddress mac, Map<String, String> fields) implements ProvisioningEvent {

    public PhoneHomeEvent {
        fields = Map.copyOf(fields);
    }

    @Override
    public String summary() {
        return "phone_home from " + mac + " " + Printable.of(fields.getOrDefault("hostname", ""), 253);
    }
}
