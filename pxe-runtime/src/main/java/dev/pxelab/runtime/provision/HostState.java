package dev.pxelab.runtime.provision;

/**
 * Where a target is on its way from power-on to an installed machine answering SSH. States only
 * move forward, except that a reinstall starts over at {@link #WAITING}; {@link #FAILED} is final
 * until then.
 */
public enum HostState {
    /** Known to the lab, nothing heard from it yet. */
    WAITING,
    /** Got its address from the lab's DHCP server. */
    DHCP,
    /** Fetching its boot loader, boot script, kernel or initrd. */
    BOOTING,
    /** The installer is running: it fetched its NoCloud data or reported a start event. */
    INSTALLING,
    /** The installer reported that the whole install finished with success. */
    INSTALLED,
    /** The installed system is up: SSH answers with the lab's key, or cloud-init phoned home. */
    BOOTED,
    /** The installer reported a failure; see the host's events for the cause. */
    FAILED;

    boolean isAfter(HostState other) {
        return ordinal() > other.ordinal();
    }
}
