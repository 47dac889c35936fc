package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one host: its current state, how it got there and everything that happened to it.
 * Snapshots never change; ask the provisioner again for a newer one.
 */
public record HostStatus(MacAddress mac, HostState state, int installGeneration, List<StateChange> changes,
                         List<ProvisioningEvent> events) {

    public HostStatus {
        changes = List.copyOf(changes);
        events = List.copyOf(events);
    }

    /** The installer's failure report, when the install failed. */
    public Optional<InstallerEvent> failure() {
        return events.stream()
                .filter(InstallerEvent.class::isInstance).map(InstallerEvent.class::cast)
                .filter(InstallerEvent::failed)
                .reduce((first, second) -> second);
    }

    /** When the host entered {@code state} (the latest time, after a reinstall), if it did. */
    public Optional<StateChange> entered(HostState state) {
        return changes.stream().filter(c -> c.state() == state).reduce((first, second) -> second);
    }
}
