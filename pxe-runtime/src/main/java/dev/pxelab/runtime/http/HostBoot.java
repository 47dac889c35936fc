package dev.pxelab.runtime.http;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.net.MacAddress;
import java.util.Objects;

/**
 * What the HTTP server needs to know about one host to boot it: the provisioner's view of that
 * MAC at the moment of the request.
 *
 * @param hostname the host's name, or null when it has none (then {@code ${hostname}} cannot be used)
 * @param address the host's address as text (e.g. {@code 192.168.105.11}), or null when it has none
 * @param installed true once the install finished: the host then gets a script that boots its disk
 * @param installGeneration counts installs of this MAC (1 for the first); part of the generated
 *        {@code instance-id}, so a reinstall looks like a new instance to cloud-init
 * @param firmware how the host boots, to choose how to leave iPXE for the local disk; null when not known
 * @param profile kernel, initrds and command line of the installer; may be null for an installed
 *        host that is not to be reinstalled
 * @param data the host's own NoCloud documents; missing ones fall back to the lab's generic ones
 * @param reportKey the secret the host's installer reports carry ({@code ?key=} on the webhook URL),
 *        or null when its reports need none (a served lab's documents are the user's own); the
 *        boot profile's {@code ${report-key}}
 */
public record HostBoot(MacAddress mac, String hostname, String address, boolean installed, int installGeneration,
                       Firmware firmware, BootProfile profile, NoCloudData data, String reportKey) {

    /** A host whose reports need no key. */
    public HostBoot(MacAddress mac, String hostname, String address, boolean installed, int installGeneration,
                    Firmware firmware, BootProfile profile, NoCloudData data) {
        this(mac, hostname, address, installed, installGeneration, firmware, profile, data, null);
    }

    public HostBoot {
        Objects.requireNonNull(mac, "mac");
        data = data == null ? NoCloudData.NONE : data;
        if (installGeneration < 1) {
            throw new IllegalArgumentException("installGeneration of " + mac + " must be >= 1, got " + installGeneration);
        }
    }
}
