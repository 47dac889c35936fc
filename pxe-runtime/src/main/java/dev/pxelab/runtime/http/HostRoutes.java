package dev.pxelab.runtime.http;

import static java.util.stream.Collectors.joining;

import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.net.MacAddress;
import io.undertow.Handlers;
import io.undertow.predicate.Predicate;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.StatusCodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything under {@code /<mac>/}, routed by Undertow's {@link RoutingHandler}:
 *
 * <pre>
 * GET, HEAD  /{mac}/boot.ipxe      BootScriptHandler, iPXE
 * GET, HEAD  /{mac}/grub.cfg       BootScriptHandler, GRUB
 * GET, HEAD  /{mac}/user-data      NoCloudHandler, likewise meta-data, vendor-data, network-config
 * POST       /{mac}/events         WebhookHandler: curtin's reporter JSON -> InstallerEvent
 * POST       /{mac}/phone-home     WebhookHandler: cloud-init's phone_home form -> PhoneHomeEvent
 * </pre>
 *
 * Another method on one of these is 405 with an {@code Allow} header; anything else under a MAC
 * is 404 listing what there is. Paths whose first segment is no MAC ({@link MacPath}) go to
 * {@code next}. A MAC the lab does not know gets 404 saying so, in the dialect asked for.
 */
final class HostRoutes implements HttpHandler {

    private static final String MAC = "mac";
    private static final List<HttpString> READ = List.of(Methods.GET, Methods.HEAD);
    private static final List<HttpString> POST = List.of(Methods.POST);

    // A path template also matches with a trailing slash; /<mac>/boot.ipxe/ is no resource here.
    private static final Predicate NO_TRAILING_SLASH = exchange -> !exchange.getRelativePath().endsWith("/");

    private record Route(String resource, List<HttpString> methods, HttpHandler handler) {

        String template() {
            return "/{" + MAC + "}/" + resource;
        }

        String describe() {
            return methods.equals(READ) ? resource : resource + " (" + list(methods) + ")";
        }
    }

    private final RoutingHandler routing = Handlers.routing(false);
    private final Map<String, List<HttpString>> methodsByResource = new HashMap<>();
    private final String resources;
    private final HttpHandler next;

    HostRoutes(BootContent content, EventSink events, ServerName serverName, List<BootScriptDialect> dialects,
               HttpLimits limits, HttpHandler next) {
        List<Route> routes = new ArrayList<>();
        for (BootScriptDialect dialect : dialects) {
            routes.add(new Route(dialect.fileName(), READ, new BootScriptHandler(dialect, content, serverName)));
        }
        for (NoCloudFile file : NoCloudFile.values()) {
            routes.add(new Route(file.fileName, READ, new NoCloudHandler(file, content)));
        }
        routes.add(new Route("events", POST, WebhookHandler.installerEvents(content, events, limits)));
        routes.add(new Route("phone-home", POST, WebhookHandler.phoneHome(content, events, limits)));
        for (Route route : routes) {
            route.methods().forEach(method -> routing.add(method, route.template(), NO_TRAILING_SLASH, route.handler()));
            methodsByResource.put(route.resource(), route.methods());
        }
        routing.setFallbackHandler(this::noSuchResource);
        routing.setInvalidMethodHandler(this::methodNotAllowed);
        this.resources = routes.stream().map(Route::describe).collect(joining(", "));
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (MacPath.parse(exchange.getRelativePath()).isEmpty()) {
            next.handleRequest(exchange);
            return;
        }
        if (exchange.isInIoThread()) {
            // BootContent is the provisioner's code: keep it off the I/O threads.
            exchange.dispatch(this);
            return;
        }
        routing.handleRequest(exchange);
    }

    /** The MAC of a routed request, as the path spelled it in any of MacPath's forms. */
    static MacAddress mac(HttpServerExchange exchange) {
        return MacAddress.of(exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(MAC));
    }

    /** The request's host, or empty after answering 404 for a MAC the lab does not know. */
    static Optional<HostBoot> knownHost(HttpServerExchange exchange, BootContent content) {
        MacAddress mac = mac(exchange);
        Optional<HostBoot> host = content.host(mac);
        if (host.isEmpty()) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, unknown(mac) + "\n");
        }
        return host;
    }

    static String unknown(MacAddress mac) {
        return "MAC " + mac + " is not a host of this lab";
    }

    private void noSuchResource(HttpServerExchange exchange) {
        MacPath path = MacPath.parse(exchange.getRelativePath()).orElseThrow();
        Responses.text(exchange, StatusCodes.NOT_FOUND, "no such resource for " + path.mac() + ": /" + path.resource()
                + "\nper-MAC resources: " + resources + "\n");
    }

    private void methodNotAllowed(HttpServerExchange exchange) {
        String resource = MacPath.parse(exchange.getRelativePath()).orElseThrow().resource();
        List<HttpString> methods = methodsByResource.get(resource);
        if (methods == null) {
            // The template matched only thanks to a trailing slash: not a resource, whatever the method.
            noSuchResource(exchange);
            return;
        }
        String allowed = list(methods);
        exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
        Responses.text(exchange, StatusCodes.METHOD_NOT_ALLOWED, exchange.getRequestMethod() + " "
                + exchange.getRequestPath() + " is not allowed; use " + allowed + "\n");
    }

    private static String list(List<HttpString> methods) {
        return methods.stream().map(HttpString::toString).collect(joining(", "));
    }
}
