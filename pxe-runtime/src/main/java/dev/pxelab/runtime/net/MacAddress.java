package dev.pxelab.runtime.net;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An Ethernet MAC address, the identity of a target in a lab.
 *
 * <p>Input is lenient because users paste MACs from many tools: {@code 52:54:00:AB:CD:EF},
 * {@code 52-54-00-ab-cd-ef} and mixed case are all the same host. Output is always the
 * normalised form {@code 52:54:00:ab:cd:ef}, which is what URLs, file names and logs use.
 */
public record MacAddress(String value) implements Comparable<MacAddress> {

    private static final Pattern SYNTAX =
            Pattern.compile("[0-9a-f]{2}([:-])[0-9a-f]{2}(\\1[0-9a-f]{2}){4}");

    public MacAddress {
        if (value == null || !SYNTAX.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a MAC address:"
                    + " expected six hex pairs separated by ':' or '-', e.g. 52:54:00:12:34:56");
        }
        value = value.toLowerCase(Locale.ROOT).replace('-', ':');
    }

    public static MacAddress of(String text) {
        return new MacAddress(text == null ? null : text.strip());
    }

    /** The MAC from the first six bytes of a hardware address field (e.g. DHCP chaddr). */
    public static MacAddress of(byte[] bytes, int offset) {
        if (bytes.length - offset < 6) {
            throw new IllegalArgumentException("a MAC address needs 6 bytes, got " + (bytes.length - offset));
        }
        return new MacAddress(HexFormat.ofDelimiter(":").formatHex(bytes, offset, offset + 6));
    }

    /** True when the text is a MAC in any accepted spelling; for parsers that try several forms. */
    public static boolean isMac(String text) {
        return text != null && SYNTAX.matcher(text.strip().toLowerCase(Locale.ROOT)).matches();
    }

    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(value);
    }

    /** {@code 52-54-00-ab-cd-ef}: the spelling PXELINUX and iPXE's {@code ${mac:hexhyp}} use. */
    public String hyphenated() {
        return value.replace(':', '-');
    }

    @Override
    public int compareTo(MacAddress other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
