package dev.pxelab.runtime.boot;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * How to start an installer: its kernel, initrds and kernel command line. Each may use the
 * placeholders {@code ${server}} (host[:port] of this HTTP server as the client reached it),
 * {@code ${mac}} ({@code 52:54:00:12:34:56}), {@code ${hostname}}, {@code ${address}} and
 * {@code ${report-key}} (the host's secret for its installer reports: {@code /<mac>/events?key=...});
 * {@code $$} is a literal {@code $}. Unknown placeholders are rejected here, naming them.
 *
 * <p>The kernel and initrds are either absolute {@code http://} URLs or paths under the server's
 * asset root (served at {@code /assets/<path>}).
 *
 * <p>An Ubuntu-style command line:
 * {@code autoinstall ds=nocloud-net;s=http://${server}/${mac}/ ip=dhcp console=ttyS0}.
 *
 * <p>{@code uefiLoader}, when known, is where the installed system's UEFI boot loader is, as an
 * iPXE {@code file:} URI ({@code file://<volume label>/<path>}): an installed UEFI host's iPXE
 * starts it directly. Without it iPXE leaves, and the firmware walks its other network boot
 * options (EDK2's PXE, HTTP boot over IPv4 and IPv6) before it reaches the disk, which under TCG
 * takes more than a minute.
 */
public record BootProfile(String name, String kernel, List<String> initrds, String commandLine, String uefiLoader) {

    private static final Set<String> PLACEHOLDERS = Set.of("server", "mac", "hostname", "address", "report-key");

    /** A profile whose installed system's UEFI loader is not known. */
    public BootProfile(String name, String kernel, List<String> initrds, String commandLine) {
        this(name, kernel, initrds, commandLine, null);
    }

    public BootProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kernel, "boot profile '" + name + "' needs a kernel");
        initrds = List.copyOf(initrds == null ? List.of() : initrds);
        commandLine = commandLine == null ? "" : commandLine;
        // Parse now: an unknown placeholder fails where the profile is defined.
        kernelTemplate(name, kernel);
        for (int i = 0; i < initrds.size(); i++) {
            initrdTemplate(name, i, initrds.get(i));
        }
        commandLineTemplate(name, commandLine);
        if (uefiLoader != null && !uefiLoader.startsWith("file:")) {
            throw new IllegalArgumentException("boot profile '" + name + "': uefiLoader must be an iPXE file: URI"
                    + " such as file://ESP-LABEL/EFI/BOOT/BOOTX64.EFI, got " + uefiLoader);
        }
    }

    Template kernelTemplate() {
        return kernelTemplate(name, kernel);
    }

    List<Template> initrdTemplates() {
        return IntStream.range(0, initrds.size())
                .mapToObj(i -> initrdTemplate(name, i, initrds.get(i))).toList();
    }

    Template commandLineTemplate() {
        return commandLineTemplate(name, commandLine);
    }

    private static Template kernelTemplate(String name, String kernel) {
        return Template.parse("boot profile '" + name + "' kernel", kernel, PLACEHOLDERS);
    }

    private static Template initrdTemplate(String name, int index, String initrd) {
        return Template.parse("boot profile '" + name + "' initrd #" + (index + 1), initrd, PLACEHOLDERS);
    }

    private static Template commandLineTemplate(String name, String commandLine) {
        return Template.parse("boot profile '" + name + "' command line", commandLine, PLACEHOLDERS);
    }
}
