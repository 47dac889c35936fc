package dev.pxelab.runtime.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The root: {@code /boot.ipxe} and {@code /grub/grub.cfg} (chain the per-MAC script or config)
 * and the lab's generic NoCloud
 * documents ({@code /user-data}, {@code /meta-data}, ...), for installers pointed at the root.
 */
final class GenericHandler implements HttpHandler {

    /** Where GRUB's network image looks for its config when its prefix is this server's root. */
    static final String GRUB_CHAIN = "grub/grub.cfg";

    private final BootContent content;
    private final ServerName serverName;
    private final BootScriptDialect ipxe;
    private final BootScriptDialect grub;

    GenericHandler(BootContent content, ServerName serverName, BootScriptDialect ipxe, BootScriptDialect grub) {
        this.content = content;
        this.serverName = serverName;
        this.ipxe = ipxe;
        this.grub = grub;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        String name = path.startsWith("/") ? path.substring(1) : path;
        boolean read = exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD);
        if (name.equals(ipxe.fileName()) && read) {
            chain(exchange, ipxe);
            return;
        }
        if ((name.equals(GRUB_CHAIN) || name.equals(grub.fileName())) && read) {
            chain(exchange, grub);
            return;
        }
        Optional<NoCloudFile> file = NoCloudFile.named(name);
        if (file.isPresent() && read) {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            byte[] document = NoCloudDocuments.generic(content.generic(), file.get());
            if (document == null) {
                Responses.text(exchange, StatusCodes.NOT_FOUND, "the lab has no generic " + name + "\n");
            } else {
                Responses.send(exchange, StatusCodes.OK, Responses.TEXT, document);
            }
            return;
        }
        Responses.text(exchange, StatusCodes.NOT_FOUND, "not found: " + exchange.getRequestMethod() + " " + path
                + "\nthis server answers /boot.ipxe, /grub/grub.cfg, /<mac>/boot.ipxe, /<mac>/grub.cfg, /<mac>/user-data,"
                + " /<mac>/meta-data, /<mac>/vendor-data, /<mac>/network-config, /<mac>/events,"
                + " /<mac>/phone-home, /user-data, /meta-data, /assets/<path>, /packages/<path> and the lab's boot loaders"
                + " (/snponly.efi, ...)\n");
    }

    private void chain(HttpServerExchange exchange, BootScriptDialect dialect) {
        Responses.send(exchange, StatusCodes.OK, dialect.contentType(),
                dialect.chain(serverName.of(exchange)).getBytes(StandardCharsets.UTF_8));
    }
}
