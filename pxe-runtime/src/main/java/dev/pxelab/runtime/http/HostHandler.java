package dev.pxelab.runtime.http;

import dev.pxelab.runtime.boot.BootPlan;
import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.PhoneHomeEvent;
import dev.pxelab.runtime.net.MacAddress;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under {@code /<mac>/}: the boot script, the GRUB config, the NoCloud documents and
 * the installer's webhooks. Requests for a MAC the lab does not know get 404 with a body that says
 * so, in the syntax of what was asked for (an iPXE script echoes it on the console).
 */
final class HostHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HostHandler.class);

    static final String BOOT_SCRIPT = "boot.ipxe";
    static final String GRUB_CONFIG = "grub.cfg";
    static final String EVENTS = "events";
    static final String PHONE_HOME = "phone-home";

    private final BootContent content;
    private final EventSink events;
    private final ServerName serverName;
    private final HttpHandler next;

    HostHandler(BootContent content, EventSink events, ServerName serverName, HttpHandler next) {
        this.content = content;
        this.events = events;
        this.serverName = serverName;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<MacPath> parsed = MacPath.parse(exchange.getRelativePath());
        if (parsed.isEmpty()) {
            next.handleRequest(exchange);
            return;
        }
        if (exchange.isInIoThread()) {
            // BootContent is the provisioner's code: keep it off the I/O threads.
            exchange.dispatch(this);
            return;
        }
        MacAddress mac = parsed.get().mac();
        String resource = parsed.get().resource();
        Optional<HostBoot> host = content.host(mac);
        switch (resource) {
            case BOOT_SCRIPT -> {
                if (allow(exchange, Methods.GET, Methods.HEAD)) {
                    bootScript(exchange, mac, host);
                }
            }
            case GRUB_CONFIG -> {
                if (allow(exchange, Methods.GET, Methods.HEAD)) {
                    grubConfig(exchange, mac, host);
                }
            }
            case EVENTS -> {
                if (allow(exchange, Methods.POST) && known(exchange, mac, host)) {
                    receive(exchange, mac, this::installerEvent);
                }
            }
            case PHONE_HOME -> {
                if (allow(exchange, Methods.POST) && known(exchange, mac, host)) {
                    receive(exchange, mac, this::phoneHome);
                }
            }
            default -> {
                Optional<NoCloudFile> file = NoCloudFile.named(resource);
                if (file.isEmpty()) {
                    Responses.text(exchange, StatusCodes.NOT_FOUND, "no such resource for " + mac + ": /" + resource
                            + "\nper-MAC resources: boot.ipxe, grub.cfg, user-data, meta-data, vendor-data,"
                            + " network-config, events (POST), phone-home (POST)\n");
                } else if (allow(exchange, Methods.GET, Methods.HEAD) && known(exchange, mac, host)) {
                    noCloud(exchange, host.get(), file.get());
                }
            }
        }
    }

    private void bootScript(HttpServerExchange exchange, MacAddress mac, Optional<HostBoot> host) {
        if (host.isEmpty()) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, IpxeScripts.refuse(mac, unknown(mac)));
            return;
        }
        HostBoot boot = host.get();
        if (boot.installed()) {
            Responses.text(exchange, StatusCodes.OK, IpxeScripts.localBoot(boot));
        } else if (boot.profile() == null) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, IpxeScripts.refuse(mac, noProfile(mac)));
        } else {
            try {
                Responses.text(exchange, StatusCodes.OK, IpxeScripts.install(boot, plan(boot, exchange)));
            } catch (IllegalStateException e) {
                LOG.error("{}", e.getMessage());
                Responses.text(exchange, StatusCodes.INTERNAL_SERVER_ERROR, IpxeScripts.refuse(mac, e.getMessage()));
            }
        }
    }

    private void grubConfig(HttpServerExchange exchange, MacAddress mac, Optional<HostBoot> host) {
        if (host.isEmpty()) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, GrubConfigs.refuse(mac, unknown(mac)));
            return;
        }
        HostBoot boot = host.get();
        if (boot.installed()) {
            Responses.text(exchange, StatusCodes.OK, GrubConfigs.localBoot(boot));
        } else if (boot.profile() == null) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, GrubConfigs.refuse(mac, noProfile(mac)));
        } else {
            try {
                Responses.text(exchange, StatusCodes.OK, GrubConfigs.install(boot, plan(boot, exchange)));
            } catch (IllegalStateException e) {
                LOG.error("{}", e.getMessage());
                Responses.text(exchange, StatusCodes.INTERNAL_SERVER_ERROR, GrubConfigs.refuse(mac, e.getMessage()));
            }
        }
    }

    private BootPlan plan(HostBoot boot, HttpServerExchange exchange) {
        return BootPlan.of(boot.profile(), boot.mac(), boot.hostname(), boot.address(), serverName.of(exchange));
    }

    private void noCloud(HttpServerExchange exchange, HostBoot host, NoCloudFile file) {
        byte[] document = NoCloudDocuments.forHost(host, content.generic(), file);
        if (document == null) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, "no " + file.fileName + " for " + host.mac()
                    + ": neither the host nor the lab has one\n");
        } else {
            Responses.send(exchange, StatusCodes.OK, Responses.TEXT, document);
        }
    }

    private interface BodyConsumer {
        void accept(HttpServerExchange exchange, MacAddress mac, byte[] body);
    }

    private void receive(HttpServerExchange exchange, MacAddress mac, BodyConsumer consumer) {
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

    private void installerEvent(HttpServerExchange exchange, MacAddress mac, byte[] body) {
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

    private void phoneHome(HttpServerExchange exchange, MacAddress mac, byte[] body) {
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

    private static boolean allow(HttpServerExchange exchange, io.undertow.util.HttpString... methods) {
        for (io.undertow.util.HttpString method : methods) {
            if (method.equals(exchange.getRequestMethod())) {
                return true;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (io.undertow.util.HttpString method : methods) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(method);
        }
        exchange.getResponseHeaders().put(Headers.ALLOW, allowed.toString());
        Responses.text(exchange, StatusCodes.METHOD_NOT_ALLOWED, exchange.getRequestMethod() + " "
                + exchange.getRequestPath() + " is not allowed; use " + allowed + "\n");
        return false;
    }

    private static boolean known(HttpServerExchange exchange, MacAddress mac, Optional<HostBoot> host) {
        if (host.isEmpty()) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, unknown(mac) + "\n");
            return false;
        }
        return true;
    }

    private static String unknown(MacAddress mac) {
        return "MAC " + mac + " is not a host of this lab";
    }

    private static String noProfile(MacAddress mac) {
        return mac + " has no boot profile and is not installed: nothing to boot";
    }
}
