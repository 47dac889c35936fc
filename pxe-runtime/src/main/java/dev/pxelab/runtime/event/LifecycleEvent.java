package dev.pxelab.runtime.event;

import dev.pxelab.runtime.net.MacAddress;
import java.time.Instant;

/** Something the lab itself did to a target: started it, saw SSH answer, powered it off. */
public record LifecycleEvent(Instant time, MacAddress mac, String what) implements ProvisioningEvent {

    /** The lab started the target's machine. */
    public static final String STARTED = "started";
    /** The installed system answered SSH with the lab's key. */
    public static final String SSH_READY = "ssh ready";
    /** The target's machine stopped. */
    public static final String STOPPED = "stopped";

    @Override
    public String summary() {
        return what + " (" + mac + ")";
    }
}
