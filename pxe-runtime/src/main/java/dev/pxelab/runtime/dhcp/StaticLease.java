package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The fixed address (and optionally host name, sent as option 12) a MAC always gets.
 *
 * @param hostname a host name (letters, digits, hyphens; dots allowed for a FQDN), or null for none
 */
public record StaticLease(MacAddress mac, Inet4Address address, String hostname) {

    private static final Pattern HOSTNAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public StaticLease {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, () -> "address of static lease for " + mac);
        if (hostname != null && (hostname.length() > 253 || !HOSTNAME.matcher(hostname).matches())) {
            throw new IllegalArgumentException("static lease for " + mac + ": host name '" + hostname
                    + "' is not a valid host name (letters, digits and inner hyphens per label, labels joined by dots)");
        }
    }

    public StaticLease(MacAddress mac, Inet4Address address) {
        this(mac, address, null);
    }
}
