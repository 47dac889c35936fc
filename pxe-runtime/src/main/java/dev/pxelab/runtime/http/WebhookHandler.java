package dev.pxelab.runtime.http;

import dev.pxelab.runtime.event.AlertEvent;
import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.PhoneHomeEvent;
import dev.pxelab.runtime.event.Printable;
import dev.pxelab.runtime.net.MacAddress;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an installer posts back about a known host, turned into an event on the sink: curtin's
 * webhook reporter at {@code /<mac>/events}, cloud-init's phone_home at {@code /<mac>/phone-home}.
 *
 * <p>Only the host itself may report ({@link ReportOrigin}); a refused report is a 403 and an
 * {@link AlertEvent}. Bodies are limited to {@link HttpLimits#maxBodyBytes()}, announced
 * (Content-Length) or not (chunked): 413 beyond it. The body is read without holding a worker
 * thread, and parsed on a worker thread, never on an I/O thread.
 */
final class WebhookHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    /** Answers the exchange: 200 with the event on the sink, or 400 saying what was wrong with the body. */
    private interface BodyConsumer {
        void accept(HttpServerExchange exchange, MacAddress mac, byte[] body);
    }

    private final BootContent content;
    private final EventSink events;
    private final String what;
    private final boolean keyRequired;
    private final long maxBodyBytes;
    private final long bodyMillis;
    private final BodyConsumer consumer;

    private WebhookHandler(BootContent content, EventSink events, String what, boolean keyRequired, HttpLimits limits,
                           BodyConsumer consumer) {
        this.content = content;
        this.events = events;
        this.what = what;
        this.keyRequired = keyRequired;
        this.maxBodyBytes = limits.maxBodyBytes();
        this.bodyMillis = limits.readTimeout().toMillis();
        this.consumer = consumer;
    }

    /** curtin/subiquity's webhook reporter JSON becomes an {@link InstallerEvent}. */
    static WebhookHandler installerEvents(BootContent content, EventSink events, HttpLimits limits) {
        return new WebhookHandler(content, events, "installer event", true, limits,
                (exchange, mac, body) -> installerEvent(events, exchange, mac, body));
    }

    /** cloud-init's phone_home form becomes a {@link PhoneHomeEvent}. */
    static WebhookHandler phoneHome(BootContent content, EventSink events, HttpLimits limits) {
        return new WebhookHandler(content, events, "phone_home", false, limits,
                (exchange, mac, body) -> phoneHome(events, exchange, mac, body));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Optional<HostBoot> host = HostRoutes.knownHost(exchange, content);
        if (host.isEmpty()) {
            return;
        }
        MacAddress mac = HostRoutes.mac(exchange);
        Optional<String> refusal = ReportOrigin.refusal(host.get(), exchange, keyRequired);
        if (refusal.isPresent()) {
            String why = what + " for " + mac + " refused: " + refusal.get();
            LOG.warn("{}", why);
            emit(new AlertEvent(Instant.now(), mac, "HTTP", AlertEvent.Kind.REPORT_REFUSED, why));
            exchange.setPersistent(false);
            Responses.text(exchange, StatusCodes.FORBIDDEN, why + "\n");
            return;
        }
        if (exchange.getRequestContentLength() > maxBodyBytes) {
            tooLarge(exchange, mac);
            return;
        }
        exchange.setMaxEntitySize(maxBodyBytes);
        // The whole body within the read timeout: a client trickling a byte now and then would
        // otherwise hold its connection as long as it likes.
        AtomicBoolean done = new AtomicBoolean();
        XnioExecutor.Key deadline = exchange.getIoThread().executeAfter(() -> {
            if (done.compareAndSet(false, true)) {
                LOG.warn("{} for {} from {}: no whole body within {} ms; connection closed", what, mac,
                        exchange.getSourceAddress(), bodyMillis);
                IoUtils.safeClose(exchange.getConnection());
            }
        }, bodyMillis, TimeUnit.MILLISECONDS);
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, body) -> {
                    if (done.compareAndSet(false, true)) {
                        deadline.remove();
                        onWorker(ex, () -> consumer.accept(ex, mac, body));
                    }
                },
                (ex, e) -> {
                    if (done.compareAndSet(false, true)) {
                        deadline.remove();
                        onWorker(ex, () -> unreadable(ex, mac, e));
                    }
                });
    }

    /** The receiver calls back on an I/O thread when the body arrived later than the request. */
    private static void onWorker(HttpServerExchange exchange, Runnable task) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(task);
        } else {
            task.run();
        }
    }

    private void tooLarge(HttpServerExchange exchange, MacAddress mac) {
        LOG.warn("{} for {} from {} refused: body larger than {} bytes", what, mac, exchange.getSourceAddress(),
                maxBodyBytes);
        exchange.setPersistent(false); // do not read the rest of it
        Responses.text(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, what + " for " + mac
                + " refused: the body is larger than " + maxBodyBytes + " bytes\n");
    }

    private void unreadable(HttpServerExchange exchange, MacAddress mac, IOException e) {
        if (e instanceof RequestTooBigException) {
            tooLarge(exchange, mac);
            return;
        }
        LOG.warn("reading the body of {} {} from {} failed: {}", exchange.getRequestMethod(),
                Printable.of(exchange.getRequestPath(), 200), exchange.getSourceAddress(), e.toString());
        if (!exchange.isResponseStarted()) {
            exchange.setPersistent(false);
            Responses.text(exchange, StatusCodes.BAD_REQUEST, "could not read the request body: " + e + "\n");
        }
    }

    private void emit(AlertEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("event sink failed on {}", event.summary(), e);
        }
    }

    private static void installerEvent(EventSink events, HttpServerExchange exchange, MacAddress mac, byte[] body) {
        InstallerEvent event;
        try {
            event = InstallerEventParser.parse(mac, body, Instant.now());
        } catch (IllegalArgumentException e) {
            String why = Printable.of(e.getMessage(), 500);
            LOG.warn("installer event from {} for {} rejected: {}", exchange.getSourceAddress(), mac, why);
            Responses.text(exchange, StatusCodes.BAD_REQUEST, "installer event for " + mac + " rejected: " + why + "\n");
            return;
        }
        events.accept(event);
        Responses.text(exchange, StatusCodes.OK, "ok\n");
    }

    private static void phoneHome(EventSink events, HttpServerExchange exchange, MacAddress mac, byte[] body) {
        Map<String, String> fields;
        try {
            fields = FormParser.parse(body);
        } catch (IllegalArgumentException e) {
            fields = Map.of();
            LOG.warn("phone_home from {} for {}: {}", exchange.getSourceAddress(), mac, Printable.of(e.getMessage(), 500));
        }
        if (fields.isEmpty()) {
            Responses.text(exchange, StatusCodes.BAD_REQUEST, "phone_home for " + mac
                    + " rejected: expected a form-encoded body (instance_id=...&hostname=...)\n");
            return;
        }
        events.accept(new PhoneHomeEvent(Instant.now(), mac, fields));
        Responses.text(exchange, StatusCodes.OK, "ok\n");
    }
}
