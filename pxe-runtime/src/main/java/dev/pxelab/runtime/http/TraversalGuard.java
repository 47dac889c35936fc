package dev.pxelab.runtime.http;

import dev.pxelab.runtime.event.Printable;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses paths that try to leave the served tree: {@code ..} and {@code .} segments (also when
 * percent-encoded; Undertow has decoded them by now), empty segments ({@code //etc/passwd}),
 * backslashes and NUL. Nothing this server serves needs any of them.
 */
final class TraversalGuard implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TraversalGuard.class);

    private final HttpHandler next;

    TraversalGuard(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String problem = problem(exchange.getRequestPath());
        if (problem != null) {
            LOG.warn("refused {} {} from {}: {}", exchange.getRequestMethod(), Printable.of(exchange.getRequestURI(), 300),
                    exchange.getSourceAddress(), problem);
            Responses.text(exchange, StatusCodes.BAD_REQUEST, "refused " + exchange.getRequestURI() + ": " + problem + "\n");
            return;
        }
        next.handleRequest(exchange);
    }

    static String problem(String path) {
        if (!path.startsWith("/")) {
            return "the path must start with /";
        }
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return "backslashes and NUL are not allowed in paths";
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("..") || segment.equals(".")) {
                return "path traversal ('" + segment + "' segment) refused";
            }
            if (segment.isEmpty() && i < segments.length - 1) {
                return "empty path segment (absolute path after //) refused";
            }
        }
        return null;
    }
}
