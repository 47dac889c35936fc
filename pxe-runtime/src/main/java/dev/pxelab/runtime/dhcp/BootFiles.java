package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.boot.Template;
import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What each kind of network-booting client is told to load. The URLs use the placeholder syntax
 * of boot profiles ({@link Template}): {@code ${server}} (the server's address), {@code ${mac}}
 * (the client's MAC, {@code 52:54:00:ab:cd:ef}; iPXE requests it percent-encoded,
 * {@code 52%3A54%3A...}) and {@code ${mac-hyphen}} ({@code 52-54-00-ab-cd-ef}); {@code httpBootUrl}
 * also {@code ${file}}, the file the same architecture gets over TFTP. {@code $$} is a literal
 * {@code $}; an unknown placeholder is rejected when the BootFiles are made.
 *
 * @param ipxeScriptUrl for clients already running iPXE: the URL of their boot script
 * @param bios          option 93 = 0 (legacy BIOS PXE), loaded over TFTP
 * @param x86Uefi       option 93 = 6 (32-bit x86 UEFI)
 * @param x64Uefi       option 93 = 7, and 9 (EBC, which firmware in the field sends for x64; RFC 4578 erratum 4624)
 * @param arm32Uefi     option 93 = 10
 * @param arm64Uefi     option 93 = 11 (an arm64 network bootloader: iPXE's or GRUB's network image)
 * @param httpBootUrl   option 93 = 15, 16, 18, 19 (UEFI HTTP boot): the URL sent with vendor class "HTTPClient"
 */
public record BootFiles(String ipxeScriptUrl, String bios, String x86Uefi, String x64Uefi, String arm32Uefi,
                        String arm64Uefi, String httpBootUrl) {

    // Before DEFAULTS, which checks its URLs against them.
    private static final Set<String> SCRIPT_PLACEHOLDERS = Set.of("server", "mac", "mac-hyphen");
    private static final Set<String> HTTP_BOOT_PLACEHOLDERS = Set.of("server", "mac", "mac-hyphen", "file");

    /**
     * x64 UEFI gets {@code snponly.efi}: it drives the NIC through the firmware's SNP instead of
     * its own drivers, and reached the kernel ~4.5 s sooner than {@code ipxe.efi} under TCG
     * (docs/benchmarks.md). arm64 UEFI gets Debian's signed shim {@code bootnetaa64.efi}, which
     * loads {@code grubaa64.efi} from the same TFTP folder.
     */
    public static final BootFiles DEFAULTS = new BootFiles("http://${server}/${mac}/boot.ipxe", "undionly.kpxe",
            "ipxe-i386.efi", "snponly.efi", "ipxe-arm32.efi", "bootnetaa64.efi", "http://${server}/${file}");

    public BootFiles {
        Objects.requireNonNull(ipxeScriptUrl, "ipxeScriptUrl");
        Objects.requireNonNull(bios, "bios");
        Objects.requireNonNull(x86Uefi, "x86Uefi");
        Objects.requireNonNull(x64Uefi, "x64Uefi");
        Objects.requireNonNull(arm32Uefi, "arm32Uefi");
        Objects.requireNonNull(arm64Uefi, "arm64Uefi");
        Objects.requireNonNull(httpBootUrl, "httpBootUrl");
        ipxeScriptTemplate(ipxeScriptUrl);
        httpBootTemplate(httpBootUrl);
    }

    /** The URL of this client's iPXE script. */
    String ipxeScriptUrlFor(Inet4Address server, MacAddress mac) {
        return ipxeScriptTemplate(ipxeScriptUrl).render(values(server, mac, null));
    }

    /** The URL UEFI HTTP boot loads {@code file} from. */
    String httpBootUrlFor(Inet4Address server, MacAddress mac, String file) {
        return httpBootTemplate(httpBootUrl).render(values(server, mac, file));
    }

    public BootFiles withIpxeScriptUrl(String template) {
        return new BootFiles(template, bios, x86Uefi, x64Uefi, arm32Uefi, arm64Uefi, httpBootUrl);
    }

    /** The same, with {@code file} for arm64 UEFI (option 93 = 11, and 19 over HTTP boot). */
    public BootFiles withArm64Uefi(String file) {
        return new BootFiles(ipxeScriptUrl, bios, x86Uefi, x64Uefi, arm32Uefi, file, httpBootUrl);
    }

    private static Template ipxeScriptTemplate(String url) {
        return Template.parse("boot files ipxeScriptUrl", url, SCRIPT_PLACEHOLDERS);
    }

    private static Template httpBootTemplate(String url) {
        return Template.parse("boot files httpBootUrl", url, HTTP_BOOT_PLACEHOLDERS);
    }

    private static Map<String, String> values(Inet4Address server, MacAddress mac, String file) {
        return file == null
                ? Map.of("server", server.getHostAddress(), "mac", mac.value(), "mac-hyphen", mac.hyphenated())
                : Map.of("server", server.getHostAddress(), "mac", mac.value(), "mac-hyphen", mac.hyphenated(), "file", file);
    }
}
