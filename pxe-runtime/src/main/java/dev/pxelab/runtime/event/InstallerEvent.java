package dev.pxelab.runtime.event;

import dev.pxelab.runtime.net.MacAddress;
import java.time.Instant;

/**
 * A progress event an installer posted to the provisioner's webhook, in the JSON shape of
 * subiquity/curtin's {@code reporting: {type: webhook}}.
 *
 * @param eventType start, finish, progress, ...
 * @param result SUCCESS, WARN or FAIL on finish events; null otherwise
 * @param installerTime the installer's own timestamp (seconds since the epoch), or null
 */
public record InstallerEvent(Instant time, MacAddress mac, String name, String description, String eventType,
                             String origin, String result, String level, Double installerTime)
        implements ProvisioningEvent {

    public boolean isFinish() {
        return "finish".equals(eventType);
    }

    public boolean failed() {
        return isFinish() && "FAIL".equals(result);
    }

    @Override
    public String summary() {
        return "installer " + Printable.of(eventType, 40) + " " + Printable.of(name, 200)
                + (result == null ? "" : " " + Printable.of(result, 40))
                + (description == null || description.isEmpty() ? "" : ": " + Printable.of(description, 500))
                + " (" + mac + ")";
    }
}
