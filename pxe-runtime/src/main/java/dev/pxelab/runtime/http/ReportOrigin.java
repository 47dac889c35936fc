package dev.pxelab.runtime.http;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Deque;
import java.util.Optional;

/**
 * Whether a report (installer event, phone-home) comes from the host it names: anyone on the lab
 * can POST to {@code /<mac>/events}, and an installer FAIL or SUCCESS for someone else's MAC
 * would decide that host's install. A report must come from the address the host has (its lease
 * or fixed address) and, where the host has a report key, carry it as {@code ?key=}.
 *
 * <p>A connection from the server's own address to itself counts as the host's too: it comes from
 * a process of the lab's own namespace (e.g. a scripted stand-in for a machine), never from a
 * machine on the lab, which cannot complete a TCP handshake with a forged source address that
 * the server answers locally. The key is required all the same.
 */
final class ReportOrigin {

    static final String KEY_PARAMETER = "key";

    private ReportOrigin() {
    }

    /**
     * Why the report on {@code exchange} is refused, or empty when it is the host's own.
     *
     * @param keyRequired whether a host with a report key must present it (installer events);
     *                    otherwise a key is checked only when one is given (phone-home, whose URL
     *                    the user's own cloud-config names)
     */
    static Optional<String> refusal(HostBoot host, HttpServerExchange exchange, boolean keyRequired) {
        InetSocketAddress source = exchange.getSourceAddress();
        InetSocketAddress local = exchange.getDestinationAddress();
        boolean fromItself = source != null && local != null && source.getAddress().equals(local.getAddress());
        if (!fromItself && host.address() == null) {
            return Optional.of("the host has no address yet, so no report can be its own");
        }
        if (!fromItself && (source == null || !source.getAddress().getHostAddress().equals(host.address()))) {
            return Optional.of("it came from " + (source == null ? "an unknown address" : source.getAddress()
                    .getHostAddress()) + ", not from the host's address " + host.address());
        }
        Deque<String> given = exchange.getQueryParameters().get(KEY_PARAMETER);
        String key = given == null || given.isEmpty() ? null : given.getFirst();
        if (host.reportKey() == null || (key == null && !keyRequired)) {
            return Optional.empty();
        }
        if (key == null) {
            return Optional.of("it carries no report key (?" + KEY_PARAMETER + "=)");
        }
        // Constant time: the key must not be guessable from how long a refusal takes.
        if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                host.reportKey().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("its report key is wrong");
        }
        return Optional.empty();
    }
}
