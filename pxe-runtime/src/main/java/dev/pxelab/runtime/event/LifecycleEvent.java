package dev.pxelab.runtime.event;

import dev.pxelab.runtime.net.MacAddress;
import java.time.Instant;

/** Something the lab itself did to a target: started it, saw SSH answer, powered it off. */
public record LifecycleEvent(Instant time, MacAddress mac, String what) implements ProvisioningEvent {

    @Override
    public String summary() {
        return what + " (" + mac + ")";
    }
}
