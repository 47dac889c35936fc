package dev.pxelab.runtime.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Optional;

/** {@code /<mac>/user-data} and the other NoCloud files: the host's own document, else the lab's. */
final class NoCloudHandler implements HttpHandler {

    private final NoCloudFile file;
    private final BootContent content;

    NoCloudHandler(NoCloudFile file, BootContent content) {
        this.file = file;
        this.content = content;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Optional<HostBoot> host = HostRoutes.knownHost(exchange, content);
        if (host.isEmpty()) {
            return;
        }
        byte[] document = NoCloudDocuments.forHost(host.get(), content.generic(), file);
        if (document == null) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, "no " + file.fileName + " for " + host.get().mac()
                    + ": neither the host nor the lab has one\n");
        } else {
            Responses.send(exchange, StatusCodes.OK, Responses.TEXT, document);
        }
    }
}
