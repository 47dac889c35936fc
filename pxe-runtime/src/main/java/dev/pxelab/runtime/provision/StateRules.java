package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.event.PhoneHomeEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.event.TftpEvent;
import java.util.Optional;
import java.util.Set;

/**
 * Reads events as state changes. States only move forward, so the DHCP and boot traffic of a
 * machine that reboots into its installed system does not look like a new install; a failure
 * report from the installer wins over everything and is final.
 */
final class StateRules {

    private final Set<String> installFinishedEvents;

    /** @param installFinishedEvents names of the installer finish events that mark the whole install */
    StateRules(Set<String> installFinishedEvents) {
        this.installFinishedEvents = Set.copyOf(installFinishedEvents);
    }

    Optional<HostState> next(HostState current, ProvisioningEvent event) {
        if (current == HostState.FAILED) {
            return Optional.empty();
        }
        return target(event).filter(next -> next == HostState.FAILED || next.isAfter(current));
    }

    private Optional<HostState> target(ProvisioningEvent event) {
        HostState target = null;
        if (event instanceof DhcpEvent dhcp) {
            target = dhcp.type() == DhcpEvent.Type.ACK ? HostState.DHCP : null;
        } else if (event instanceof TftpEvent tftp) {
            target = tftp.type() == TftpEvent.Type.STARTED ? HostState.BOOTING : null;
        } else if (event instanceof HttpEvent http) {
            target = http(http);
        } else if (event instanceof InstallerEvent installer) {
            target = installer(installer);
        } else if (event instanceof PhoneHomeEvent) {
            target = HostState.BOOTED;
        } else if (event instanceof LifecycleEvent lifecycle) {
            target = LifecycleEvent.SSH_READY.equals(lifecycle.what()) ? HostState.BOOTED : null;
        }
        return Optional.ofNullable(target);
    }

    private static HostState http(HttpEvent http) {
        if (http.status() >= 400) {
            return null;
        }
        if (http.path().endsWith("/user-data")) {
            return HostState.INSTALLING;
        }
        return http.path().endsWith(".ipxe") || http.path().endsWith("grub.cfg") || http.path().startsWith("/assets/")
                ? HostState.BOOTING : null;
    }

    private HostState installer(InstallerEvent event) {
        if (event.failed()) {
            return HostState.FAILED;
        }
        if (event.isFinish() && installFinishedEvents.contains(event.name())) {
            return HostState.INSTALLED;
        }
        return HostState.INSTALLING;
    }
}
