package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.dhcp.DhcpOption.ClientArchitecture;
import dev.pxelab.runtime.dhcp.DhcpOption.IpxeEncapsulated;
import dev.pxelab.runtime.dhcp.DhcpOption.UserClass;
import dev.pxelab.runtime.dhcp.DhcpOption.VendorClass;
import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.util.Optional;

/**
 * The boot file a client gets, decided from what it says it is.
 *
 * @param kind      which rule matched
 * @param file      the file name or URL (option 67 and, when it fits, the file field)
 * @param vendorClass the option 60 to answer with ("HTTPClient" for UEFI HTTP boot), or null
 */
record BootChoice(Kind kind, String file, String vendorClass) {

    enum Kind { IPXE, FIRMWARE_PXE, HTTP_BOOT }

    /** Empty for clients that do not network-boot (no iPXE marks, no PXE/HTTP vendor class, no option 93). */
    static Optional<BootChoice> of(DhcpMessage request, MacAddress mac, Inet4Address server, BootFiles files) {
        var options = request.options();
        boolean ipxe = options.get(IpxeEncapsulated.class).isPresent()
                || options.get(UserClass.class).map(u -> u.contains("iPXE")).orElse(false);
        if (ipxe) {
            return Optional.of(new BootChoice(Kind.IPXE, files.ipxeScriptUrlFor(server, mac), null));
        }
        String vendor = options.get(VendorClass.class).map(VendorClass::id).orElse("");
        Optional<Integer> arch = options.get(ClientArchitecture.class).map(a -> a.types().get(0));
        if (arch.isEmpty()) {
            // A PXE client without option 93 predates RFC 4578: only BIOS ROMs did that.
            return vendor.startsWith("PXEClient") ? pxe(files.bios()) : Optional.empty();
        }
        return switch (arch.get()) {
            case 0 -> pxe(files.bios());
            case 6 -> pxe(files.x86Uefi());
            case 7, 9 -> pxe(files.x64Uefi());
            case 10 -> pxe(files.arm32Uefi());
            case 11 -> pxe(files.arm64Uefi());
            case 15 -> http(files, files.x86Uefi(), server, mac);
            case 16 -> http(files, files.x64Uefi(), server, mac);
            case 18 -> http(files, files.arm32Uefi(), server, mac);
            case 19 -> http(files, files.arm64Uefi(), server, mac);
            default -> Optional.empty();
        };
    }

    /**
     * No option 60 for firmware PXE: EDK2 takes an offer with "PXEClient" but without PXE vendor
     * options (43) for a BINL offer and asks a boot server on port 4011 for the file before it
     * uses it — with no such server it gives up ("PXE-E16: No valid offer received"). A plain
     * offer with a boot file is what every PXE ROM accepts.
     */
    private static Optional<BootChoice> pxe(String file) {
        return Optional.of(new BootChoice(Kind.FIRMWARE_PXE, file, null));
    }

    private static Optional<BootChoice> http(BootFiles files, String file, Inet4Address server, MacAddress mac) {
        return Optional.of(new BootChoice(Kind.HTTP_BOOT, files.httpBootUrlFor(server, mac, file), "HTTPClient"));
    }
}
