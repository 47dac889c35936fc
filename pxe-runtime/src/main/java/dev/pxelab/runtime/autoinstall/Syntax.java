package dev.pxelab.runtime.autoinstall;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import dev.pxelab.runtime.autoinstall.Shape.Complaint;
import dev.pxelab.runtime.net.MacAddress;

/** The syntaxes of the strings autoinstall cares about; each returns null when the text is fine. */
final class Syntax {

    private Syntax() {
    }

    private static final String CRYPT_CHARS = "[./A-Za-z0-9]";
    private static final Pattern SHA512 = Pattern.compile("\\$6\\$(rounds=\\d+\\$)?" + CRYPT_CHARS + "{1,16}\\$" + CRYPT_CHARS + "{86}");
    private static final Pattern SHA256 = Pattern.compile("\\$5\\$(rounds=\\d+\\$)?" + CRYPT_CHARS + "{1,16}\\$" + CRYPT_CHARS + "{43}");
    private static final Pattern MD5 = Pattern.compile("\\$1\\$" + CRYPT_CHARS + "{1,8}\\$" + CRYPT_CHARS + "{22}");
    private static final Pattern YESCRYPT = Pattern.compile("\\$y\\$" + CRYPT_CHARS + "+\\$" + CRYPT_CHARS + "+\\$" + CRYPT_CHARS + "{43}");
    static final String CRYPT_EXPECTED = "a crypt(3) hash: $6$... (SHA-512), $y$... (yescrypt), $5$... (SHA-256) or $1$... (MD5)";
    static final String MKPASSWD_HINT = "generate one with: mkpasswd -m sha-512 (Debian package whois)";

    /** A password for /etc/shadow as the installer writes it: never plain text. */
    static Complaint cryptedPassword(String text) {
        if (SHA512.matcher(text).matches() || SHA256.matcher(text).matches() || YESCRYPT.matcher(text).matches()) {
            return null;
        }
        if (MD5.matcher(text).matches()) {
            return Complaint.warning("MD5 crypt is easy to crack", "$6$ (SHA-512) or $y$ (yescrypt)", MKPASSWD_HINT);
        }
        if (text.startsWith("$6$") || text.startsWith("$5$") || text.startsWith("$1$") || text.startsWith("$y$")) {
            return Complaint.error("malformed " + text.substring(0, 3) + " hash (wrong salt or hash length, or characters"
                    + " outside ./A-Za-z0-9)", CRYPT_EXPECTED, MKPASSWD_HINT + "; quote the hash if it was split or altered");
        }
        if (text.startsWith("$")) {
            return Complaint.error("unsupported crypt method " + text.substring(0, Math.min(4, text.length())), CRYPT_EXPECTED, MKPASSWD_HINT);
        }
        return Complaint.error("the password is plain text; the installer expects it already hashed", CRYPT_EXPECTED, MKPASSWD_HINT);
    }

    // ubuntu-pro.token in the installer's schema: pattern ^C[1-9A-HJ-NP-Za-km-z]+$, 24 to 30 characters.
    private static final Pattern PRO_TOKEN = Pattern.compile("C[1-9A-HJ-NP-Za-km-z]{23,29}");

    /** An Ubuntu Pro contract token, as the installer's schema constrains it. */
    static Complaint proToken(String text) {
        if (PRO_TOKEN.matcher(text).matches()) {
            return null;
        }
        return Complaint.error("\"" + Nodes.abbreviate(text) + "\" is not a contract token",
                "C followed by 23 to 29 Base58 characters (no 0, O, I or l)", "copy the token from ubuntu.com/pro/dashboard");
    }

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 63/253 characters at most. */
    static Complaint hostname(String text) {
        String expected = "a host name (RFC 1123): labels of letters, digits and inner hyphens, 1-63 characters each";
        if (text.isEmpty()) {
            return Complaint.error("empty host name", expected, null);
        }
        if (text.length() > 253) {
            return Complaint.error("host name longer than 253 characters", expected, null);
        }
        for (String label : text.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                String hint = label.contains("_") ? "use \"-\" instead of \"_\"" : null;
                return Complaint.error("\"" + label + "\" is not a valid host name label", expected, hint);
            }
        }
        return null;
    }

    private static final Pattern USERNAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    /** What adduser accepts by default (NAME_REGEX) and subiquity checks. */
    static Complaint username(String text) {
        if (USERNAME.matcher(text).matches()) {
            return null;
        }
        return Complaint.error("\"" + text + "\" is not a valid user name",
                "lower-case letters, digits, \"_\" and \"-\", starting with a letter or \"_\", 32 characters at most", null);
    }

    static Complaint mac(String text) {
        if (MacAddress.isMac(text)) {
            return null;
        }
        return Complaint.error("\"" + text + "\" is not a MAC address", "six hex pairs separated by \":\", e.g. 52:54:00:12:34:56", null);
    }

    /** An interface address with its prefix length, as netplan wants it: 192.0.2.10/24 or 2001:db8::10/64. */
    static Complaint cidr(String text) {
        String expected = "an address with a prefix length, e.g. 192.0.2.10/24 or 2001:db8::10/64";
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Complaint.error("\"" + text + "\" has no prefix length", expected, "append the prefix length, e.g. " + text + "/24");
        }
        String address = text.substring(0, slash);
        String prefix = text.substring(slash + 1);
        boolean v6 = address.contains(":");
        if (!(v6 ? isIpv6(address) : isIpv4(address))) {
            return Complaint.error("\"" + address + "\" is not an IP address", expected, null);
        }
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > (v6 ? 128 : 32)) {
            return Complaint.error("\"/" + prefix + "\" is not a valid prefix length", expected, null);
        }
        return null;
    }

    /** A bare address (gateway, name server, route via). */
    static Complaint ip(String text) {
        if (text.contains(":") ? isIpv6(text) : isIpv4(text)) {
            return null;
        }
        return Complaint.error("\"" + text + "\" is not an IP address", "an IPv4 or IPv6 address without prefix length", null);
    }

    /** A route destination: an address with prefix length, or "default". */
    static Complaint routeTarget(String text) {
        return text.equals("default") ? null : cidr(text);
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern IPV6_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    static boolean isIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] halves = doubleColon >= 0
                ? new String[] {text.substring(0, doubleColon), text.substring(doubleColon + 2)}
                : new String[] {text};
        int groups = 0;
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                boolean last = h == halves.length - 1 && i == parts.length - 1;
                if (last && parts[i].contains(".")) {
                    if (!isIpv4(parts[i])) {
                        return false;
                    }
                    groups += 2;
                } else if (IPV6_GROUP.matcher(parts[i]).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }

    /** An http(s) URL with a host: where webhooks post and proxies listen. */
    static Complaint httpUrl(String text) {
        String expected = "an http:// or https:// URL, e.g. http://192.0.2.1:8080/events";
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return Complaint.error("\"" + text + "\" is not an http(s) URL", expected, null);
            }
            if (uri.getHost() == null) {
                return Complaint.error("\"" + text + "\" has no host", expected, null);
            }
            return null;
        } catch (URISyntaxException e) {
            return Complaint.error("\"" + text + "\" is not a URL: " + e.getReason(), expected, null);
        }
    }

    private static final Pattern SSH_KEY = Pattern.compile(
            "(^|\\s)(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com)"
                    + " [A-Za-z0-9+/]+={0,3}(\\s|$)");

    /** One line of an authorized_keys file: optional options, type, base64 key, optional comment. */
    static Complaint sshPublicKey(String text) {
        if (SSH_KEY.matcher(text.strip()).find()) {
            return null;
        }
        String hint = text.contains("PRIVATE KEY") ? "this is a private key: never put it in user-data; use the .pub file"
                : "paste the whole line of the .pub file";
        return Complaint.error("not an SSH public key", "a line such as: ssh-ed25519 AAAAC3Nza... user@host", hint);
    }
}
