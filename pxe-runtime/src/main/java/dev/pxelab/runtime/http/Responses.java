package dev.pxelab.runtime.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Sends small complete bodies: scripts, NoCloud documents, error explanations. */
final class Responses {

    static final String TEXT = "text/plain; charset=utf-8";

    private Responses() { }

    static void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        boolean head = exchange.getRequestMethod().toString().equals("HEAD");
        HttpEventHandler.beforeSending(exchange, head ? 0 : body.length);
        if (head) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }

    static void text(HttpServerExchange exchange, int status, String body) {
        send(exchange, status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }
}
