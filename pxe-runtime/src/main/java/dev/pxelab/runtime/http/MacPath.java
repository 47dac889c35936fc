package dev.pxelab.runtime.http;

import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.util.Optional;

/**
 * A request path that starts with a MAC: {@code /52:54:00:12:34:56/user-data}. The MAC may be
 * spelled with {@code :} or {@code -}, in any case (iPXE's {@code ${mac:hexhyp}} gives hyphens).
 *
 * @param resource what follows the MAC, without the slash: {@code user-data}, {@code boot.ipxe};
 *        empty for {@code /<mac>/} and {@code /<mac>}
 */
record MacPath(MacAddress mac, String resource) {

    static Optional<MacPath> parse(String path) {
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (!MacAddress.isMac(first) || !first.equals(first.strip())) {
            return Optional.empty();
        }
        return Optional.of(new MacPath(MacAddress.of(first), slash < 0 ? "" : rest.substring(slash + 1)));
    }

    /** The MAC a request path names, or null: what {@link HttpEvent} records. */
    static MacAddress macOf(String path) {
        return parse(path).map(MacPath::mac).orElse(null);
    }
}
