package dev.pxelab.runtime.http;

import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.HttpEvent;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits one {@link HttpEvent} per answered request, once the response is complete. */
final class HttpEventHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEventHandler.class);

    private final EventSink events;
    private final HttpHandler next;

    HttpEventHandler(EventSink events, HttpHandler next) {
        this.events = events;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                HttpEvent event = new HttpEvent(Instant.now(), ex.getSourceAddress(), MacPath.macOf(ex.getRequestPath()),
                        ex.getRequestMethod().toString(), ex.getRequestPath(), ex.getStatusCode(),
                        ex.getResponseBytesSent());
                LOG.debug("{}", event.summary());
                events.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event sink failed for {} {}: {}", ex.getRequestMethod(), ex.getRequestPath(), e.toString());
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
