package dev.pxelab.runtime.http;

import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.HttpEvent;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one {@link HttpEvent} per answered request. Complete small bodies (scripts, NoCloud
 * documents, errors) emit it just before they are written, so whoever got the answer can rely on
 * the event being there; streamed files (assets) emit it when the exchange completes, with the
 * bytes really sent.
 */
final class HttpEventHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEventHandler.class);
    private static final AttachmentKey<HttpEventHandler> HANDLER = AttachmentKey.create(HttpEventHandler.class);
    private static final AttachmentKey<Boolean> EMITTED = AttachmentKey.create(Boolean.class);

    private final EventSink events;
    private final WarmUpRequest warmUp;
    private final HttpHandler next;

    HttpEventHandler(EventSink events, WarmUpRequest warmUp, HttpHandler next) {
        this.events = events;
        this.warmUp = warmUp;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (warmUp.isOwn(exchange)) { // no client asked
            next.handleRequest(exchange);
            return;
        }
        exchange.putAttachment(HANDLER, this);
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                if (ex.getAttachment(EMITTED) == null) {
                    emit(ex, ex.getResponseBytesSent());
                }
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }

    /** Called with the status set and the body about to be written in one piece. */
    static void beforeSending(HttpServerExchange exchange, long bodyBytes) {
        HttpEventHandler handler = exchange.getAttachment(HANDLER);
        if (handler != null && exchange.getAttachment(EMITTED) == null) {
            exchange.putAttachment(EMITTED, Boolean.TRUE);
            handler.emit(exchange, bodyBytes);
        }
    }

    /** Events are kept; a path is kept only as long as a real one can be. */
    private static String cut(String path) {
        return path.length() <= MAX_PATH ? path : path.substring(0, MAX_PATH) + "...";
    }

    private static final int MAX_PATH = 1024;

    private void emit(HttpServerExchange exchange, long bytes) {
        try {
            HttpEvent event = new HttpEvent(Instant.now(), exchange.getSourceAddress(),
                    MacPath.macOf(exchange.getRequestPath()), exchange.getRequestMethod().toString(),
                    cut(exchange.getRequestPath()), exchange.getStatusCode(), bytes);
            LOG.debug("{}", event.summary());
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("event sink failed for {} {}: {}", exchange.getRequestMethod(), cut(exchange.getRequestPath()), e.toString());
        }
    }
}
