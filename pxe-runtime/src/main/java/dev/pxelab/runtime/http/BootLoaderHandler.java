package dev.pxelab.runtime.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network boot loaders at the root ({@code /snponly.efi}, ...): UEFI HTTP boot is told
 * {@code http://<server>/<loader>} by DHCP, where firmware PXE would fetch the same file over
 * TFTP. Anything else goes to {@code next}. Loaders are small and asked for repeatedly (EDK2 asks
 * for the size first), so each is read once and then served from memory.
 */
final class BootLoaderHandler implements HttpHandler {

    private static final String EFI_APPLICATION = "application/efi";

    private final Map<String, Path> loaders;
    private final HttpHandler next;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    BootLoaderHandler(Map<String, Path> loaders, HttpHandler next) {
        this.loaders = Map.copyOf(loaders);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        Path file = loaders.get(path.startsWith("/") ? path.substring(1) : path);
        boolean read = exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD);
        if (file == null || !read) {
            next.handleRequest(exchange);
            return;
        }
        if (exchange.isInIoThread()) {
            exchange.dispatch(this); // the first request reads the file
            return;
        }
        byte[] bytes;
        try {
            bytes = loaded.computeIfAbsent(file.toString(), name -> {
                try {
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            Responses.text(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "boot loader " + file + " cannot be read: "
                    + e.getCause().getMessage() + "\n");
            return;
        }
        Responses.send(exchange, StatusCodes.OK, EFI_APPLICATION, bytes);
    }
}
