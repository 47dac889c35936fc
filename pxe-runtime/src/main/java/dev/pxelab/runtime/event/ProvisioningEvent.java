package dev.pxelab.runtime.event;

import java.time.Instant;

/**
 * Something that happened to a target while it was provisioned. The protocol servers emit these
 * as they serve clients; the provisioner turns them into per-host state, and waits, logs and
 * reports read them.
 *
 * <p>Events carry what their source knows: DHCP knows the MAC, TFTP and HTTP mostly only the
 * client address, which the provisioner maps back to a MAC through its leases.
 */
public sealed interface ProvisioningEvent
        permits DhcpEvent, TftpEvent, HttpEvent, InstallerEvent, PhoneHomeEvent, LifecycleEvent, AlertEvent {

    Instant time();

    /** One line for logs and reports. */
    String summary();
}
