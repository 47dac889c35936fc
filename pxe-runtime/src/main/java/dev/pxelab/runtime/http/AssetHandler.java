package dev.pxelab.runtime.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.StatusCodes;
import java.nio.file.Path;

/**
 * Files under a read-only root, through Undertow's resource handler: the asset root (kernels,
 * initrds, ISOs) at {@code /assets/<path>}, the lab's package repository at {@code /packages/<path>}.
 * GET and HEAD with Content-Length, single byte ranges (206, 416 when unsatisfiable), whole files
 * sent with zero-copy {@code transferTo} instead of through the heap. Symlinks are not followed, so
 * nothing outside the root can be linked in by accident. One file per connection ({@code Connection:
 * close}): pipelined file answers on one connection were corrupted (docs/http.md).
 */
final class AssetHandler implements HttpHandler {

    static final String PREFIX = "/assets";
    static final String PACKAGES_PREFIX = "/packages";

    private final Path root;
    private final String rootName;
    private final HttpHandler resources;

    /** The asset root at {@link #PREFIX}. */
    AssetHandler(Path root) {
        this(root, "asset root", "asset");
    }

    /** The lab's flat apt repository at {@link #PACKAGES_PREFIX}. */
    static AssetHandler packages(Path root) {
        return new AssetHandler(root, "package root", "package file");
    }

    /**
     * @param rootName what 404s call the root: "this server has no {@code rootName} configured"
     * @param fileName what they call a file: "no {@code fileName} /x under /root"
     */
    private AssetHandler(Path root, String rootName, String fileName) {
        this.root = root;
        this.rootName = rootName;
        if (root == null) {
            this.resources = null;
        } else {
            // transferMinSize 0: every file goes through transferTo; case-sensitive; no symlinks.
            PathResourceManager manager = new PathResourceManager(root, 0, true, false);
            ResourceHandler handler = new ResourceHandler(manager, exchange -> Responses.text(exchange,
                    StatusCodes.NOT_FOUND, "no " + fileName + " " + exchange.getRelativePath() + " under " + root + "\n"));
            handler.setDirectoryListingEnabled(false);
            handler.setWelcomeFiles();
            this.resources = handler;
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (resources == null) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, "this server has no " + rootName + " configured\n");
            return;
        }
        Path target = root.resolve(exchange.getRelativePath().replaceFirst("^/+", "")).normalize();
        if (!target.startsWith(root)) {
            // TraversalGuard already refuses these; this is the last line should it ever change.
            Responses.text(exchange, StatusCodes.BAD_REQUEST, "refused: " + exchange.getRequestPath() + " leaves the " + rootName + "\n");
            return;
        }
        // One file per connection: Undertow mixes the bytes of pipelined file responses when the
        // socket takes less than offered (docs/http.md, "A corrupted pipelined download"). With
        // "Connection: close" a pipelining client (apt) sends the requests it had queued behind this
        // one again on a new connection.
        exchange.setPersistent(false);
        resources.handleRequest(exchange);
    }
}
