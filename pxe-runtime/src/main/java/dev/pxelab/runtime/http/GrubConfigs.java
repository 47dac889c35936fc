package dev.pxelab.runtime.http;

import dev.pxelab.runtime.boot.BootPlan;
import dev.pxelab.runtime.net.MacAddress;
import java.net.URI;

/**
 * GRUB configurations for targets that boot GRUB's network image (arm64 UEFI without iPXE).
 * GRUB reads files over HTTP as {@code (http,host)/path}, and unlike iPXE it treats {@code ;},
 * quotes and {@code $} specially, so command line words are single-quoted where needed.
 */
final class GrubConfigs implements BootScriptDialect {

    @Override
    public String fileName() {
        return "grub.cfg";
    }

    /**
     * For GRUB images whose prefix points here: load this machine's own config. GRUB's
     * {@code net_default_mac} is the MAC of the interface it booted from, colon-separated.
     */
    @Override
    public String chain(String server) {
        return "# pxelab: load the per-MAC config of this machine\n"
                + "echo \"pxelab: fetching the config for ${net_default_mac}\"\n"
                + "configfile \"(http," + server + ")/${net_default_mac}/grub.cfg\"\n"
                + "echo \"pxelab: no config for ${net_default_mac} from http://" + server + "/ (see the error above)\"\n";
    }

    /**
     * Kernel and initrds over HTTP, tried again when a fetch fails: GRUB 2.06's HTTP gives up on a
     * lost segment or a slow connect ("connection timeout"), which several machines booting at once
     * on a busy host made happen, and GRUB then waits at its menu for a key forever.
     */
    @Override
    public String install(HostBoot host, BootPlan plan) {
        StringBuilder s = new StringBuilder();
        s.append("# pxelab: install ").append(host.mac()).append(" with boot profile '")
                .append(plan.profileName()).append("'\n");
        s.append("set timeout=0\nset default=0\n");
        s.append("menuentry ").append(quote("pxelab install " + host.mac())).append(" {\n");
        s.append("    echo ").append(quote("pxelab: installing " + host.mac() + " with boot profile "
                + plan.profileName())).append('\n');
        s.append("    for attempt in 1 2 3 4 5; do\n");
        s.append("        if linux ").append(grubPath(plan.kernelUrl()));
        for (String word : plan.commandLine().split(" ")) {
            if (!word.isEmpty()) {
                s.append(' ').append(quoteIfNeeded(word));
            }
        }
        s.append("; then\n");
        if (plan.initrdUrls().isEmpty()) {
            s.append("            boot\n");
        } else {
            s.append("            if initrd");
            plan.initrdUrls().forEach(url -> s.append(' ').append(grubPath(url)));
            s.append("; then\n                boot\n            fi\n");
        }
        s.append("        fi\n");
        s.append("        echo \"pxelab: loading the kernel and initrds failed (attempt ${attempt})\"\n");
        s.append("        sleep 2\n");
        s.append("    done\n");
        s.append("}\n");
        return s.toString();
    }

    /**
     * Installed: start the installed boot loader from the disk's file system when the profile says
     * where it is ({@code file://<volume label>/<path>}, as for iPXE), else, and when that fails,
     * leave GRUB so the firmware goes on to its next boot option. Going straight to the disk saves
     * the firmware's walk through its other network boot options (PXE and HTTP over IPv4 and IPv6),
     * minutes under TCG on arm64. A config file goes on after a failing command, so a loader that
     * is not there ends in the same {@code exit}.
     */
    @Override
    public String localBoot(HostBoot host) {
        StringBuilder s = new StringBuilder("# pxelab: " + host.mac() + " is installed: boot from the local disk\n");
        String loader = host.profile() == null ? null : host.profile().uefiLoader();
        URI file = loader == null ? null : URI.create(loader);
        if (file != null && file.getHost() != null && file.getPath() != null && !file.getPath().isEmpty()) {
            s.append("echo ").append(quote("pxelab: " + host.mac() + " is installed, starting its boot loader " + loader))
                    .append('\n');
            s.append("insmod part_msdos\ninsmod part_gpt\ninsmod fat\ninsmod chain\n");
            s.append("search --no-floppy --label --set=installed ").append(quote(file.getHost())).append('\n');
            s.append("chainloader ($installed)").append(quoteIfNeeded(file.getPath())).append('\n');
            s.append("boot\n");
            s.append("echo ").append(quote("pxelab: the installed boot loader did not start")).append('\n');
        }
        s.append("echo ").append(quote("pxelab: " + host.mac() + " is installed, leaving GRUB so the firmware boots the next option"))
                .append('\n');
        s.append("exit\n");
        return s.toString();
    }

    @Override
    public String refuse(MacAddress mac, String reason) {
        return "# pxelab: nothing to boot for " + mac + "\n"
                + "echo " + quote("pxelab: " + reason.replace('\n', ' ')) + "\n"
                + "exit\n";
    }

    /** {@code http://h:8080/a/b} becomes {@code (http,h:8080)/a/b}. */
    static String grubPath(String url) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalStateException("GRUB fetches over plain HTTP only, not " + url);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return "(http," + uri.getRawAuthority() + ")" + path;
    }

    static String quoteIfNeeded(String word) {
        for (char c : word.toCharArray()) {
            if (" \t;&|<>'\"\\$#{}()?*[]".indexOf(c) >= 0) {
                return quote(word);
            }
        }
        return word;
    }

    /** Single quotes keep everything literal in GRUB; a quote itself is closed, escaped and reopened. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
