package dev.pxelab.runtime.http;

import dev.pxelab.runtime.net.MacAddress;
import java.util.Optional;

/**
 * Where the HTTP server gets what it serves per MAC. The provisioner implements this; the server
 * asks on every request, so changes (a host marked installed, a reinstall) take effect at once.
 *
 * <p>Called from the server's worker threads, concurrently: implementations must be thread-safe
 * and should answer from memory.
 */
public interface BootContent {

    /** The host with that MAC, or empty when the lab does not know it. */
    Optional<HostBoot> host(MacAddress mac);

    /** The lab's generic NoCloud documents: served at the root and to hosts without their own. */
    NoCloudData generic();
}
