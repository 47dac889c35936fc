package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.dhcp.BootFiles;
import dev.pxelab.runtime.dhcp.DhcpServer;
import dev.pxelab.runtime.dhcp.DhcpServerConfig;
import dev.pxelab.runtime.dhcp.StaticLease;
import dev.pxelab.runtime.event.AlertEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.http.HttpProvisioningServer;
import dev.pxelab.runtime.http.HttpLimits;
import dev.pxelab.runtime.http.HttpServerConfig;
import dev.pxelab.runtime.http.NoCloudData;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.net.RouterAdvertiser;
import dev.pxelab.runtime.tftp.TftpServer;
import dev.pxelab.runtime.tftp.TftpServerConfig;
import dev.pxelab.runtime.tftp.TftpStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.pxelab.runtime.tftp.TftpFileSource;
import dev.pxelab.runtime.tftp.TftpStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab's provisioner: DHCP, TFTP and HTTP on one lab address, serving per-MAC boot scripts
 * and NoCloud data, and keeping track of each host from its first DHCP packet to its installed
 * system. Build one with {@link #builder()}; {@link #start(ProvisionerConfig)} starts all
 * three servers or none.
 *
 * <pre>{@code
 * try (Provisioner lab = Provisioner.builder()
 *         .interfaceName("pxbr0").labAddress("192.168.105.1/24")
 *         .host(Host.builder("52:54:00:00:00:11").hostname("web-1").build())
 *         .start()) {
 *     // boot machines on pxbr0 ...
 *     lab.status(MacAddress.of("52:54:00:00:00:11")).state();
 * }
 * }</pre>
 */
public final class Provisioner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private final ProvisionerConfig config;
    private final HostBook book;
    private final List<AutoCloseable> servers;
    private final DhcpServer dhcp;
    private final TftpServer tftp;
    private final HttpProvisioningServer http;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final SegmentFindings segment;

    private Provisioner(ProvisionerConfig config, HostBook book, List<AutoCloseable> servers, DhcpServer dhcp,
                        TftpServer tftp, HttpProvisioningServer http, SegmentFindings segment) {
        this.config = config;
        this.book = book;
        this.dhcp = dhcp;
        this.tftp = tftp;
        this.http = http;
        this.servers = List.copyOf(servers);
        this.segment = segment;
    }

    public static ProvisionerConfig.Builder builder() {
        return ProvisionerConfig.builder();
    }

    /**
     * Starts DHCP, TFTP and HTTP for {@code config}; when one cannot start, none stays running. On an
     * existing segment ({@link ProvisionerConfig#segment()}) it first listens for other DHCP servers
     * and routers there, and refuses to start when its {@link Segment} says so.
     *
     * @throws IllegalStateException when the segment must not be served as configured (another DHCP
     *                               server, the interface without the lab address), saying why
     */
    public static Provisioner start(ProvisionerConfig config) {
        Limits limits = config.limits();
        HostBook book = new HostBook(config.hosts(), config.addresses(), config.genericData(), config.defaultProfile(),
                new StateRules(config.installFinishedEvents()), config.pool().isPresent(), limits, config.reportKeys());
        if (config.proxyDhcp()) {
            book.takeAddressesFromRequests();
        }
        List<AutoCloseable> started = new ArrayList<>();
        try {
            SegmentFindings segment = SegmentGuard.check(config);
            HttpProvisioningServer http = HttpProvisioningServer.start(HttpServerConfig.builder()
                    .bindAddress(config.serverAddress()).port(config.httpPort())
                    .assetRoot(config.assetRoot().orElse(null))
                    .packageRoot(config.packageRoot().orElse(null))
                    .bootLoaders(httpLoaders(config.bootLoaders()))
                    .limits(new HttpLimits(limits.httpBodyBytes(), limits.httpRequestTimeout(), limits.httpIdleTimeout(),
                            limits.httpReadTimeout(), limits.httpConnections()))
                    .clients(config.subnet()).build(), book, book);
            started.add(http);
            TftpServer tftp = TftpServer.start(TftpServerConfig.builder()
                    .address(config.serverAddress()).port(config.tftpPort())
                    .root(config.tftpRoot().orElse(null))
                    .files(tftpFiles(config, http))
                    .maxTransfers(limits.tftpTransfers(), limits.tftpTransfersPerClient())
                    .maxTimeout(limits.tftpMaxTimeout()).transferLifetime(limits.tftpTransferLifetime())
                    .netasciiBytes(limits.tftpNetasciiBytes())
                    .clients(config.subnet()).build(), book);
            started.add(tftp);
            DhcpServer dhcp = DhcpServer.start(dhcpConfig(config, http.address().getPort()), book);
            started.add(dhcp);
            if (config.segment().routerAdvertisements() && segment.router().isEmpty()) {
                Optional<RouterAdvertiser> advertiser = advertise(config);
                advertiser.ifPresent(started::add);
                segment = segment.advertising(advertiser.isPresent());
            } else if (segment.router().isPresent()) {
                LOG.info("{}: router {} answers solicitations; sending no router advertisements", config.interfaceName(),
                        segment.router().get());
            }
            LOG.info("provisioner up on {} ({}): DHCP{}, TFTP :{}, HTTP {}; {} host(s)", config.interfaceName(),
                    config.serverAddress().getHostAddress(), config.proxyDhcp() ? " (proxy)" : "",
                    tftp.address().getPort(), http.baseUri(), config.hosts().size());
            Provisioner provisioner = new Provisioner(config, book, started, dhcp, tftp, http, segment);
            book.addListener(provisioner::onAlert);
            return provisioner;
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("provisioner on " + config.interfaceName() + " ("
                        + config.serverAddress().getHostAddress() + ") could not start: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** IPv6 router advertisements on the served interface; a failure costs boot time, not the lab. */
    private static Optional<RouterAdvertiser> advertise(ProvisionerConfig config) {
        try {
            var nic = NetworkInterface.getByName(config.interfaceName());
            return Optional.of(RouterAdvertiser.start(config.interfaceName(), SegmentGuard.macOf(nic)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: no IPv6 router advertisements ({}); iPXE will wait for its IPv6 timeout",
                    config.interfaceName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The loaders UEFI HTTP boot may be sent to: those at the top level, not GRUB's modules. */
    private static Map<String, Path> httpLoaders(BootLoaders loaders) {
        Map<String, Path> top = new LinkedHashMap<>();
        loaders.files().forEach((name, file) -> {
            if (!name.contains("/")) {
                top.put(name, file);
            }
        });
        return top;
    }

    /** The boot loaders, and for Debian's arm64 GRUB (when served) the config its prefix asks for. */
    private static TftpFileSource tftpFiles(ProvisionerConfig config, HttpProvisioningServer http) {
        var loaders = config.bootLoaders().asFileSource();
        if (!config.bootLoaders().files().containsKey("grubaa64.efi")) {
            return loaders;
        }
        int port = http.address().getPort();
        String authority = config.serverAddress().getHostAddress() + (port == 80 ? "" : ":" + port);
        return GrubPrefixConfig.over(loaders, authority);
    }

    private static DhcpServerConfig dhcpConfig(ProvisionerConfig config, int httpPort) {
        String server = httpPort == 80 ? "${server}" : "${server}:" + httpPort;
        DhcpServerConfig.Builder dhcp = DhcpServerConfig.builder(config.interfaceName(), config.serverAddress(),
                        config.prefixLength())
                .port(config.dhcpPort())
                .bootFiles(config.bootLoaders().bootFiles()
                        .withIpxeScriptUrl("http://" + server + "/${mac}/boot.ipxe"))
                .offerHold(config.limits().offerHold());
        dhcp.mode(config.segment().dhcpMode());
        for (Host host : config.hosts()) {
            if (config.proxyDhcp()) {
                dhcp.proxyClient(host.mac());
            } else {
                dhcp.staticLease(new StaticLease(host.mac(), config.addressOf(host), host.hostname()));
            }
        }
        config.pool().ifPresent(pool -> dhcp.pool(pool.first(), pool.last()));
        config.clientNetwork().router().ifPresent(dhcp::router);
        config.clientNetwork().dnsServers().forEach(dhcp::dnsServer);
        config.clientNetwork().domainName().ifPresent(dhcp::domainName);
        return dhcp.build();
    }

    public ProvisionerConfig config() {
        return config;
    }

    /** What the provisioner found on an existing segment before it answered there ({@link SegmentFindings#NONE} on a lab's own bridge). */
    public SegmentFindings segment() {
        return segment;
    }

    /** A server that stopped on its own: say so where a failing lab looks, and stop sending clients to it. */
    private void onAlert(ProvisioningEvent event) {
        if (event instanceof AlertEvent alert && alert.kind() == AlertEvent.Kind.SERVER_STOPPED) {
            problems.add(alert.what());
            LOG.error("provisioner on {}: {}", config.interfaceName(), alert.what());
            if (alert.source().equals("TFTP")) {
                dhcp.stopAdvertisingTftp();
            }
        }
    }

    /**
     * What is wrong with the provisioner itself, e.g. a server that stopped: empty while all three
     * serve. A lab puts these into its failure messages.
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** What the DHCP server has read and decided so far: a flood test counts what arrived, not what it sent. */
    DhcpServer.Stats dhcpStats() {
        return dhcp.stats();
    }

    /** What the TFTP server has read and decided so far (see {@link #dhcpStats()}). */
    TftpStats tftpStats() {
        return tftp.stats();
    }

    /** Where the HTTP server answers, e.g. {@code http://192.168.105.1/}. */
    public URI httpBase() {
        return http.baseUri();
    }

    /** The address a host gets from the lab's DHCP server. */
    public Inet4Address addressOf(MacAddress mac) {
        return config.hosts().stream().filter(h -> h.mac().equals(mac)).findFirst()
                .map(config::addressOf)
                .orElseThrow(() -> new IllegalArgumentException("the lab has no host " + mac));
    }

    public Optional<HostStatus> status(MacAddress mac) {
        return book.status(mac);
    }

    public List<HostStatus> statuses() {
        return book.statuses();
    }

    /** Everything that happened in the lab, in order, including traffic from clients it does not know. */
    public List<ProvisioningEvent> events() {
        return book.events();
    }

    /** Called for every event, on the server thread that produced it: must be quick. */
    public void onEvent(Consumer<ProvisioningEvent> listener) {
        book.addListener(listener);
    }

    /** Delivers an event that happened outside the servers (the lab saw SSH answer, a machine stopped). */
    public void report(ProvisioningEvent event) {
        book.accept(event);
    }

    /** Forgets that {@code mac} was installed: its next network boot runs the installer again. */
    public void reinstall(MacAddress mac) {
        book.reinstall(mac);
    }

    /** Treats {@code mac} as installed: its next network boot boots its local disk. */
    public void markInstalled(MacAddress mac) {
        book.markInstalled(mac);
    }

    @Override
    public void close() {
        closeAll(servers);
    }

    private static void closeAll(List<AutoCloseable> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            AutoCloseable server = servers.get(i);
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", server, e);
            }
        }
    }
}
