package dev.pxelab.runtime.http;

import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.PhoneHomeEvent;
import dev.pxelab.runtime.net.MacAddress;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an installer posts back about a known host, turned into an event on the sink: curtin's
 * webhook reporter at {@code /<mac>/events}, cloud-init's phone_home at {@code /<mac>/phone-home}.
 */
final class WebhookHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    /** Answers the exchange: 200 with the event on the sink, or 400 saying what was wrong with the body. */
    private interface BodyConsumer {
        void accept(HttpServerExchange exchange, MacAddress mac, byte[] body);
    }

    private final BootContent content;
    private final BodyConsumer consumer;

    private WebhookHandler(BootContent content, BodyConsumer consumer) {
        this.content = content;
        this.consumer = consumer;
    }

    /** curtin/subiquity's webhook reporter JSON becomes an {@link InstallerEvent}. */
    static WebhookHandler installerEvents(BootContent content, EventSink events) {
        return new WebhookHandler(content, (exchange, mac, body) -> installerEvent(events, exchange, mac, body));
    }

    /** cloud-init's phone_home form becomes a {@link PhoneHomeEvent}. */
    static WebhookHandler phoneHome(BootContent content, EventSink events) {
        return new WebhookHandler(content, (exchange, mac, body) -> phoneHome(events, exchange, mac, body));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (HostRoutes.knownHost(exchange, content).isEmpty()) {
            return;
        }
        MacAddress mac = HostRoutes.mac(exchange);
        exchange.setMaxEntitySize(InstallerEventParser.MAX_BYTES);
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, body) -> consumer.accept(ex, mac, body),
                (ex, e) -> {
                    LOG.warn("reading the body of {} {} from {} failed: {}", ex.getRequestMethod(),
                            ex.getRequestPath(), ex.getSourceAddress(), e.toString());
                    if (!ex.isResponseStarted()) {
                        Responses.text(ex, StatusCodes.BAD_REQUEST, "could not read the request body: " + e + "\n");
                    }
                });
    }

    private static void installerEvent(EventSink events, HttpServerExchange exchange, MacAddress mac, byte[] body) {
        InstallerEvent event;
        try {
            event = InstallerEventParser.parse(mac, body, Instant.now());
        } catch (IllegalArgumentException e) {
            LOG.warn("installer event from {} for {} rejected: {}", exchange.getSourceAddress(), mac, e.getMessage());
            Responses.text(exchange, StatusCodes.BAD_REQUEST, "installer event for " + mac + " rejected: "
                    + e.getMessage() + "\n");
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
            LOG.warn("phone_home from {} for {}: {}", exchange.getSourceAddress(), mac, e.getMessage());
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
