package dev.pxelab.runtime.http;

import dev.pxelab.runtime.boot.BootPlan;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.net.MacAddress;

/**
 * iPXE scripts. Every script says on the console what it is about to do and for which MAC, so a
 * serial log alone tells why a machine booted what it booted.
 */
final class IpxeScripts implements BootScriptDialect {

    @Override
    public String fileName() {
        return "boot.ipxe";
    }

    /**
     * For clients sent here by a DHCP server pxelab does not run: chain this machine's own script.
     * {@code netX} is the interface iPXE last opened (the one that just got DHCP), and
     * {@code :hexhyp} spells the MAC without colons, so no URL escaping question arises.
     */
    @Override
    public String chain(String server) {
        return """
                #!ipxe
                # pxelab: chain the per-MAC script of this machine
                echo pxelab: fetching the boot script for ${netX/mac}
                chain http://%s/${netX/mac:hexhyp}/boot.ipxe || goto failed
                exit
                :failed
                echo pxelab: no boot script for ${netX/mac} from http://%s/ (see the error above)
                exit 1
                """.formatted(server, server);
    }

    @Override
    public String install(HostBoot host, BootPlan plan) {
        StringBuilder s = new StringBuilder("#!ipxe\n");
        s.append("# pxelab: install ").append(describe(host)).append(" with boot profile '")
                .append(plan.profileName()).append("'\n");
        s.append("echo pxelab: installing ").append(describe(host)).append(" with boot profile ")
                .append(plan.profileName()).append('\n');
        // Named initrds plus initrd=<name> arguments: what the kernel's EFI stub needs to find
        // them under UEFI; harmless under BIOS.
        StringBuilder initrdArgs = new StringBuilder();
        for (int i = 0; i < plan.initrdUrls().size(); i++) {
            initrdArgs.append(" initrd=initrd").append(i);
        }
        s.append("kernel ").append(plan.kernelUrl()).append(initrdArgs)
                .append(plan.commandLine().isEmpty() ? "" : " " + plan.commandLine())
                .append(" || goto failed\n");
        for (int i = 0; i < plan.initrdUrls().size(); i++) {
            s.append("initrd --name initrd").append(i).append(' ').append(plan.initrdUrls().get(i))
                    .append(" || goto failed\n");
        }
        s.append("boot || goto failed\n");
        s.append(":failed\n");
        s.append("echo pxelab: booting the installer for ").append(host.mac()).append(" failed (see the error above)\n");
        s.append("exit 1\n");
        return s.toString();
    }

    /**
     * The install is done: boot the local disk. BIOS iPXE can hand over to the first disk itself;
     * UEFI iPXE starts the installed loader from the disk's file system when the profile says
     * where it is. Otherwise (and when that fails, or the firmware is unknown) iPXE leaves with a
     * failure status: EDK2's boot manager goes on to its next boot option (in the end the disk)
     * only after a boot option failed; one that returns success opens the firmware's setup menu.
     */
    @Override
    public String localBoot(HostBoot host) {
        StringBuilder s = new StringBuilder("#!ipxe\n");
        s.append("# pxelab: ").append(host.mac()).append(" is installed: boot from the local disk\n");
        if (host.firmware() == Firmware.BIOS) {
            s.append("echo pxelab: ").append(describe(host)).append(" is installed, booting the first local disk\n");
            s.append("sanboot --no-describe --drive 0x80 || goto failed\n");
            s.append(":failed\n");
            s.append("echo pxelab: sanboot of the local disk failed, leaving iPXE\n");
            s.append("exit 1\n");
        } else if (host.firmware() == Firmware.UEFI && host.profile() != null && host.profile().uefiLoader() != null) {
            s.append("echo pxelab: ").append(describe(host)).append(" is installed, starting its boot loader ")
                    .append(host.profile().uefiLoader()).append('\n');
            s.append("chain ").append(host.profile().uefiLoader()).append(" || goto failed\n");
            s.append(":failed\n");
            s.append("echo pxelab: the installed boot loader did not start, leaving iPXE so the firmware boots")
                    .append(" the next option\n");
            s.append("exit 1\n");
        } else {
            s.append("echo pxelab: ").append(describe(host))
                    .append(" is installed, leaving iPXE so the firmware boots the next option\n");
            s.append("exit 1\n");
        }
        return s.toString();
    }

    /** Why this machine gets nothing to boot, readable on its serial console. */
    @Override
    public String refuse(MacAddress mac, String reason) {
        return "#!ipxe\n"
                + "# pxelab: nothing to boot for " + mac + "\n"
                + "echo pxelab: " + oneLine(reason) + "\n"
                + "exit 1\n";
    }

    private static String describe(HostBoot host) {
        return (host.hostname() == null ? "" : host.hostname() + " ") + "(" + host.mac() + ")";
    }

    // An echo runs to the end of its line; iPXE would expand ${...} in it.
    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace("${", "$ {");
    }
}
