package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.event.ProvisioningEvent;
import java.time.Instant;

/** A host entered {@code state} at {@code time} because of {@code cause}. */
public record StateChange(Instant time, HostState state, ProvisioningEvent cause) {
}
