package dev.pxelab.runtime.http;

import dev.pxelab.runtime.net.Ipv4Subnet;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Closes, unanswered, connections from outside the lab subnet: the server listens on the lab
 * address, but the kernel also delivers packets for it that arrive on other interfaces.
 */
final class LabOnlyHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LabOnlyHandler.class);

    private final Ipv4Subnet clients;
    private final HttpHandler next;
    private final AtomicLong dropped = new AtomicLong();

    LabOnlyHandler(Ipv4Subnet clients, HttpHandler next) {
        this.clients = clients;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InetSocketAddress source = exchange.getSourceAddress();
        if (source != null && source.getAddress() instanceof Inet4Address a && clients.contains(a)) {
            next.handleRequest(exchange);
            return;
        }
        if (dropped.incrementAndGet() % 1000 == 1) {
            LOG.warn("HTTP: closed a connection from {}, outside {} ({} so far)", source, clients, dropped.get());
        }
        IoUtils.safeClose(exchange.getConnection());
    }
}
