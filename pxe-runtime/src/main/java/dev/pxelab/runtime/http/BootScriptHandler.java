package dev.pxelab.runtime.http;

import dev.pxelab.runtime.boot.BootPlan;
import dev.pxelab.runtime.net.MacAddress;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /<mac>/boot.ipxe}, {@code /<mac>/grub.cfg}: the host's install script, its local boot
 * once installed, and otherwise a refusal, all in the dialect the loader asked for. Refusals are
 * scripts too (404, 500), so the machine's console says why it boots nothing.
 */
final class BootScriptHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BootScriptHandler.class);

    private final BootScriptDialect dialect;
    private final BootContent content;
    private final ServerName serverName;

    BootScriptHandler(BootScriptDialect dialect, BootContent content, ServerName serverName) {
        this.dialect = dialect;
        this.content = content;
        this.serverName = serverName;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        MacAddress mac = HostRoutes.mac(exchange);
        Optional<HostBoot> host = content.host(mac);
        if (host.isEmpty()) {
            send(exchange, StatusCodes.NOT_FOUND, dialect.refuse(mac, HostRoutes.unknown(mac)));
            return;
        }
        HostBoot boot = host.get();
        if (boot.installed()) {
            send(exchange, StatusCodes.OK, dialect.localBoot(boot));
        } else if (boot.profile() == null) {
            send(exchange, StatusCodes.NOT_FOUND, dialect.refuse(mac, noProfile(mac)));
        } else {
            try {
                BootPlan plan = BootPlan.of(boot.profile(), mac, boot.hostname(), boot.address(), serverName.of(exchange),
                        boot.reportKey());
                send(exchange, StatusCodes.OK, dialect.install(boot, plan));
            } catch (IllegalStateException e) {
                // A profile placeholder this host has no value for: the lab's mistake, not the machine's.
                LOG.error("{}", e.getMessage());
                send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, dialect.refuse(mac, e.getMessage()));
            }
        }
    }

    private void send(HttpServerExchange exchange, int status, String script) {
        Responses.send(exchange, status, dialect.contentType(), script.getBytes(StandardCharsets.UTF_8));
    }

    private static String noProfile(MacAddress mac) {
        return mac + " has no boot profile and is not installed: nothing to boot";
    }
}
