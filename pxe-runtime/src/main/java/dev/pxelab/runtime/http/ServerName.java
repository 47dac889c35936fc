package dev.pxelab.runtime.http;

import io.undertow.server.HttpServerExchange;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * What boot scripts call {@code ${server}}: the host[:port] the client used to reach this
 * server, so that every URL a script hands out goes back the way the script came.
 */
final class ServerName {

    private final String advertised;

    ServerName(String advertised) {
        this.advertised = advertised;
    }

    String of(HttpServerExchange exchange) {
        if (advertised != null) {
            return advertised;
        }
        InetSocketAddress local = exchange.getDestinationAddress();
        String host = local.getAddress().getHostAddress();
        if (local.getAddress() instanceof Inet6Address) {
            int scope = host.indexOf('%');
            host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
        }
        return local.getPort() == 80 ? host : host + ":" + local.getPort();
    }
}
