package dev.pxelab.runtime.http;

import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.HttpEvent;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import org.xnio.Options;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioner's HTTP server (Undertow): per-MAC iPXE scripts and GRUB configs, NoCloud data
 * with fallback to the lab's generic documents, assets, lab packages, and the installer's webhooks.
 *
 * <pre>
 * /boot.ipxe                 chains /&lt;mac&gt;/boot.ipxe via iPXE's ${netX/mac}
 * /grub/grub.cfg             GRUB: loads /&lt;mac&gt;/grub.cfg via ${net_default_mac}
 * /&lt;mac&gt;/boot.ipxe           install script, or local boot once the host is installed
 * /&lt;mac&gt;/grub.cfg            the same for GRUB's network image
 * /&lt;mac&gt;/user-data ...       NoCloud: user-data, meta-data, vendor-data, network-config
 * /&lt;mac&gt;/events   (POST)     curtin/subiquity webhook reporter JSON -> InstallerEvent
 * /&lt;mac&gt;/phone-home (POST)   cloud-init phone_home form -> PhoneHomeEvent
 * /user-data, /meta-data ... the lab's generic NoCloud documents
 * /assets/&lt;path&gt;             files under the asset root (Range, HEAD)
 * /packages/&lt;path&gt;           the lab's flat apt repository under the package root (Range, HEAD)
 * </pre>
 *
 * MACs in paths may be written {@code 52:54:00:..} or {@code 52-54-00-..}, any case. Every answered
 * request becomes an {@link HttpEvent}.
 */
public final class HttpProvisioningServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpProvisioningServer.class);

    /**
     * How long {@link #close()} lets running responses finish. Undertow's stop() otherwise waits
     * for every connection to end, idle keep-alive ones included.
     */
    private static final int SHUTDOWN_TIMEOUT_MILLIS = 500;

    private final Undertow undertow;
    private final InetSocketAddress address;
    private final WarmUpRequest warmUp;

    private HttpProvisioningServer(Undertow undertow, InetSocketAddress address, WarmUpRequest warmUp) {
        this.undertow = undertow;
        this.address = address;
        this.warmUp = warmUp;
    }

    public static HttpProvisioningServer start(HttpServerConfig config, BootContent content, EventSink events) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(events, "events");
        ServerName serverName = new ServerName(config.advertisedHost());
        BootScriptDialect ipxe = new IpxeScripts();
        BootScriptDialect grub = new GrubConfigs();
        HttpHandler root = new BootLoaderHandler(config.bootLoaders(), new GenericHandler(content, serverName, ipxe, grub));
        HttpLimits limits = config.limits();
        HttpHandler routes = new PathHandler(new HostRoutes(content, events, serverName, List.of(ipxe, grub),
                limits, root))
                .addPrefixPath(AssetHandler.PREFIX, new AssetHandler(config.assetRoot()))
                .addPrefixPath(AssetHandler.PACKAGES_PREFIX, AssetHandler.packages(config.packageRoot()));
        WarmUpRequest warmUp = new WarmUpRequest();
        HttpHandler guarded = new HttpEventHandler(events, warmUp, new TraversalGuard(routes));
        if (config.clients() != null) {
            guarded = new LabOnlyHandler(config.clients(), guarded);
        }
        Undertow undertow = Undertow.builder()
                .addHttpListener(config.port(), config.bindAddress().getHostAddress())
                .setIoThreads(2)
                .setWorkerThreads(4)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, SHUTDOWN_TIMEOUT_MILLIS)
                // Undertow's builder turns this on for HTTP listeners. With it, a pipelined answer
                // that the socket did not take at once stayed in a buffer the connection later freed
                // while still holding it ("UT000091: Buffer has already been freed"), and the rest of
                // that answer was lost: docs/http.md, "A corrupted pipelined download".
                .setServerOption(UndertowOptions.BUFFER_PIPELINED_DATA, false)
                // Every limit a slow or hostile client could otherwise stretch (HttpLimits):
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, HttpLimits.MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) limits.readTimeout().toMillis())
                .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
                .setSocketOption(Options.CONNECTION_LOW_WATER, limits.maxConnections())
                .setHandler(guarded)
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the HTTP server on "
                    + config.bindAddress().getHostAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        LOG.info("HTTP provisioning server on {}:{}{}", bound.getAddress().getHostAddress(), bound.getPort(),
                (config.assetRoot() == null ? "" : ", assets from " + config.assetRoot())
                        + (config.packageRoot() == null ? "" : ", packages from " + config.packageRoot()));
        warmUp.sendTo(bound, config.assetRoot());
        return new HttpProvisioningServer(undertow, bound, warmUp);
    }

    WarmUpRequest warmUp() {
        return warmUp;
    }

    /** The address and port the server listens on (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code http://<address>:<port>/} */
    public URI baseUri() {
        String host = address.getAddress() instanceof Inet6Address
                ? "[" + address.getAddress().getHostAddress() + "]" : address.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        undertow.stop();
        LOG.info("HTTP provisioning server on {} stopped", address);
    }
}
