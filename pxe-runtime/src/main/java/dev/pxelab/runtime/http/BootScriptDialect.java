package dev.pxelab.runtime.http;

import dev.pxelab.runtime.boot.BootPlan;
import dev.pxelab.runtime.net.MacAddress;

/**
 * A boot-script language a network boot loader reads from this server: iPXE scripts, GRUB
 * configs. Every answer for {@code /<mac>/<file name>} is one of these scripts, so a machine
 * always gets something it can run and show on its console, also when there is nothing to boot.
 */
interface BootScriptDialect {

    /** The per-MAC file the loader asks for, {@code boot.ipxe} or {@code grub.cfg}; also served at the root. */
    String fileName();

    /** For a loader sent to the server's root: fetch this machine's own per-MAC script. */
    String chain(String server);

    /** Starts the installer the plan names. */
    String install(HostBoot host, BootPlan plan);

    /** The host is installed: hand over to its local disk. */
    String localBoot(HostBoot host);

    /** Nothing to boot for this MAC; the script says why on the machine's console. */
    String refuse(MacAddress mac, String reason);

    default String contentType() {
        return Responses.TEXT;
    }
}
