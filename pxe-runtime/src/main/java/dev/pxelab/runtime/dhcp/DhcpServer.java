package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.dhcp.DhcpOption.RequestedAddress;
import dev.pxelab.runtime.event.AlertEvent;
import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.net.LinuxUdpSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DHCPv4 server for one lab interface: static leases per MAC, an optional pool, and the boot
 * file each kind of network-booting client needs.
 *
 * <p>It receives and sends only on its interface (SO_BINDTODEVICE), so servers for several labs
 * can run in one JVM, each on its own bridge, without seeing each other's clients. Whatever
 * arrives that it cannot or should not answer is dropped, logged at debug and counted in
 * {@link #stats()}; the receive loop never dies of a bad packet, whatever it throws.
 *
 * <p>In {@link DhcpMode#PROXY} it answers only the PXE clients it knows, with boot information
 * and no address ({@link ProxyResponder}), on port 67 and on the boot server port 4011, both bound
 * to its interface.
 *
 * <p>SO_BINDTODEVICE ties the socket to the interface's index, not its name: when the lab bridge
 * is deleted and created again under the same name, the old socket hears nothing. A watcher
 * checks the index every second and binds a new socket when it changed.
 *
 * <pre>{@code
 * var config = DhcpServerConfig.builder("br-lab", address("192.168.105.1"), 24)
 *         .staticLease("52:54:00:00:00:11", "192.168.105.11", "web-1")
 *         .build();
 * try (DhcpServer server = DhcpServer.start(config, events)) { ... }
 * }</pre>
 */
public final class DhcpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DhcpServer.class);
    private static final int BUFFER = 4096;

    /**
     * What the server has seen so far.
     *
     * @param received   datagrams read from the socket
     * @param replies    replies sent
     * @param malformed  datagrams that are not DHCP (too short, bad cookie, bad option lengths, ...)
     * @param oversized  datagrams larger than the receive buffer
     * @param foreign    well-formed but not ours to answer (BOOTREPLY, for another server, no MAC)
     * @param unanswered requests for which there is no lease (unknown MAC without a pool, pool exhausted)
     * @param errors     failures while answering (e.g. a send that failed)
     */
    public record Stats(long received, long replies, long malformed, long oversized, long foreign, long unanswered,
                        long errors) {
    }

    private final DhcpServerConfig config;
    private final EventSink events;
    private volatile LinuxUdpSocket socket;
    private volatile int boundIndex;
    private volatile boolean closing;
    private final Thread watcher;
    private final Responder responder;
    private final ProxyResponder proxy;
    /** The proxy's boot server socket (port 4011), or null when this is a full server. */
    private final LinuxUdpSocket bootServerSocket;
    private final Thread bootServerThread;
    private final Clock clock;
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    private DhcpServer(DhcpServerConfig config, EventSink events, LinuxUdpSocket socket, LinuxUdpSocket bootServerSocket,
                       Clock clock) {
        this.config = config;
        this.events = events;
        this.socket = socket;
        this.bootServerSocket = bootServerSocket;
        this.clock = clock;
        this.responder = new Responder(config, new Leases(config));
        this.proxy = new ProxyResponder(config);
        this.thread = new Thread(() -> serve(false), "dhcp-" + config.interfaceName());
        this.thread.setDaemon(true);
        this.bootServerThread = bootServerSocket == null ? null
                : new Thread(() -> serve(true), "dhcp-pxe-" + config.interfaceName());
        if (bootServerThread != null) {
            bootServerThread.setDaemon(true);
        }
        this.boundIndex = indexOf(config.interfaceName());
        this.watcher = new Thread(this::watch, "dhcp-watch-" + config.interfaceName());
        this.watcher.setDaemon(true);
    }

    /** Binds 0.0.0.0:67 on the configured interface and starts answering. */
    public static DhcpServer start(DhcpServerConfig config, EventSink events) throws IOException {
        requireAddressOnInterface(config);
        LinuxUdpSocket socket = LinuxUdpSocket.bind(config.interfaceName(), config.port());
        LinuxUdpSocket bootServer = null;
        if (config.mode() == DhcpMode.PROXY) {
            try {
                bootServer = LinuxUdpSocket.bind(config.interfaceName(), config.pxePort());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
        warmUp(config);
        DhcpServer server = new DhcpServer(config, events == null ? EventSink.NONE : events, socket, bootServer,
                Clock.systemUTC());
        server.thread.start();
        server.watcher.start();
        if (server.bootServerThread != null) {
            server.bootServerThread.start();
        }
        log.info("DHCP {} on {} ({}/{}): {} static lease(s), pool {}", config.mode() == DhcpMode.PROXY
                        ? "proxy (ports " + config.port() + ", " + config.pxePort() + ")" : "server",
                config.interfaceName(), config.serverAddress().getHostAddress(), config.prefixLength(),
                config.staticLeases().size(), config.pool() == null ? "none" : config.pool());
        return server;
    }

    /** Replies leave from the interface's address: it must be the one clients are told is the server. */
    private static void requireAddressOnInterface(DhcpServerConfig config) throws IOException {
        NetworkInterface nic = NetworkInterface.getByName(config.interfaceName());
        if (nic == null) {
            throw new IOException("DHCP: no interface " + config.interfaceName() + " in this network namespace");
        }
        var addresses = nic.inetAddresses().toList();
        if (!addresses.contains(config.serverAddress())) {
            throw new IOException("DHCP: interface " + config.interfaceName() + " does not have the server address "
                    + config.serverAddress().getHostAddress() + " (it has " + addresses.stream()
                    .map(InetAddress::getHostAddress).toList() + ")");
        }
    }

    /**
     * Loads and exercises the codec and decision classes once before the first client arrives:
     * under TCG the first DISCOVER otherwise waits ~0.3 s for class loading, every boot.
     */
    private static void warmUp(DhcpServerConfig config) {
        Responder scratch = new Responder(config, new Leases(config));
        byte[] chaddr = new byte[16];
        chaddr[0] = 0x02; // a locally administered MAC no client has
        for (var type : new DhcpMessageType[] {DhcpMessageType.DISCOVER, DhcpMessageType.REQUEST}) {
            DhcpMessage probe = new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 6, 0, 0, 0, 0, Ip4.ANY, Ip4.ANY, Ip4.ANY,
                    Ip4.ANY, chaddr, "", "", DhcpOptions.of(new DhcpOption.MessageType(type),
                    new DhcpOption.UserClass("iPXE".getBytes(StandardCharsets.US_ASCII)),
                    new DhcpOption.RequestedAddress(config.serverAddress()),
                    new DhcpOption.ParameterRequestList(List.of(1, 3, 6, 12, 15, 67))));
            DhcpMessage decoded = DhcpCodec.decode(DhcpCodec.encode(probe, DhcpCodec.DEFAULT_MAX_PAYLOAD).bytes());
            Responder.Outcome outcome = scratch.respond(decoded, Instant.now());
            if (outcome.reply() != null) {
                DhcpCodec.encode(outcome.reply().message(), Responder.maxPayload(decoded));
                new DhcpEvent(Instant.now(), decoded.mac().orElseThrow(), DhcpEvent.Type.OFFER, null, null).summary();
            }
        }
    }

    public DhcpServerConfig config() {
        return config;
    }

    /**
     * The lab's TFTP server is gone: from now on firmware PXE clients get an address but no boot
     * file, instead of being sent to a port nobody answers.
     */
    public void stopAdvertisingTftp() {
        responder.tftpGone();
        log.warn("DHCP on {}: no longer advertising TFTP boot files", config.interfaceName());
    }

    /** Whether the receive loop still runs. */
    public boolean isServing() {
        return thread.isAlive();
    }

    public Stats stats() {
        return new Stats(received.get(), replies.get(), malformed.get(), oversized.get(), foreign.get(),
                unanswered.get(), errors.get());
    }

    private static int indexOf(String name) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            return nic == null ? -1 : nic.getIndex();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Binds a new socket when the interface behind the name is a new one (deleted and created again). */
    private void watch() {
        while (!closing) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            int index = indexOf(config.interfaceName());
            if (index > 0 && index != boundIndex && !closing) {
                rebind(index);
            }
        }
    }

    private synchronized void rebind(int index) {
        try {
            requireAddressOnInterface(config);
            LinuxUdpSocket fresh = LinuxUdpSocket.bind(config.interfaceName(), config.port());
            LinuxUdpSocket old = socket;
            socket = fresh;
            boundIndex = index;
            old.close(); // wakes the receive loop, which goes on with the new socket
            log.warn("DHCP on {}: the interface was created again (index {}); listening on it anew",
                    config.interfaceName(), index);
        } catch (IOException e) {
            // the address is not back yet: try again at the next check
            log.debug("DHCP on {}: cannot bind again yet: {}", config.interfaceName(), e.getMessage());
        }
    }

    /** @param bootServerPort whether this loop serves the proxy's boot server socket (4011) rather than port 67 */
    private void serve(boolean bootServerPort) {
        byte[] buffer = new byte[BUFFER];
        int failures = 0;
        while (!closing) {
            LinuxUdpSocket from = bootServerPort ? bootServerSocket : socket;
            LinuxUdpSocket.Datagram d;
            try {
                d = from.receive(buffer);
            } catch (IOException e) {
                if (closing || (!bootServerPort && from != socket)) {
                    continue;
                }
                // A vanished interface fails receives until the watcher binds again; only an error
                // that lasts is the end of the server.
                if (++failures < 20) {
                    log.warn("DHCP receive on {} failed ({}); retrying", config.interfaceName(), e.getMessage());
                    sleep(500);
                    continue;
                }
                log.error("DHCP receive on {} failed; server stops: {}", config.interfaceName(), e.getMessage());
                emit(new AlertEvent(clock.instant(), null, "DHCP", AlertEvent.Kind.SERVER_STOPPED, "DHCP server on "
                        + config.interfaceName() + " stopped: " + e.getMessage()));
                return;
            }
            if (d == null) {
                continue; // closed: for good (closing) or for a new socket
            }
            failures = 0;
            received.incrementAndGet();
            try {
                handle(buffer, d, from, bootServerPort);
            } catch (Throwable e) {
                // Whatever one packet does (a bug, even an OutOfMemoryError while answering it),
                // the next client still gets an answer: the loop only ends when the socket does.
                errors.incrementAndGet();
                log.warn("DHCP on {}: failed to answer {} bytes from {}: {}", config.interfaceName(), d.length(),
                        d.source(), e.toString(), e instanceof VirtualMachineError ? null : e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(byte[] buffer, LinuxUdpSocket.Datagram d, LinuxUdpSocket replyFrom, boolean bootServerPort) {
        if (d.truncated(buffer)) {
            oversized.incrementAndGet();
            log.debug("DHCP on {}: dropped {} bytes from {}: larger than {} bytes", config.interfaceName(),
                    d.length(), d.source(), BUFFER);
            return;
        }
        DhcpMessage request;
        try {
            request = DhcpCodec.decode(buffer, d.length());
        } catch (DhcpFormatException e) {
            malformed.incrementAndGet();
            if (log.isDebugEnabled()) {
                log.debug("DHCP on {}: dropped malformed datagram from {}: {}; bytes {}", config.interfaceName(),
                        d.source(), e.getMessage(), HexFormat.of().formatHex(buffer, 0, Math.min(d.length(), 600)));
            }
            return;
        }
        Instant now = clock.instant();
        received(request, now);
        Responder.Outcome outcome = config.mode() == DhcpMode.PROXY
                ? proxy.respond(request, d.source(), bootServerPort)
                : responder.respond(request, now);
        if (outcome.reply() == null) {
            switch (outcome.silence()) {
                case NOT_FOR_US, NOT_A_REQUEST_TYPE -> foreign.incrementAndGet();
                case NO_LEASE -> unanswered.incrementAndGet();
                case NOTHING_TO_SAY -> { }
            }
            log.debug("DHCP on {}: no reply to {} ({})", config.interfaceName(), request, outcome.silence());
            return;
        }
        Responder.Reply reply = outcome.reply();
        DhcpCodec.Encoded encoded = DhcpCodec.encode(reply.message(), Responder.maxPayload(request));
        if (!encoded.dropped().isEmpty() && log.isDebugEnabled()) {
            log.debug("DHCP on {}: options {} did not fit the reply to {}", config.interfaceName(), encoded.dropped(),
                    request.mac().orElseThrow());
        }
        try {
            // Proxy ACKs leave from port 4011: iPXE takes them only from there.
            (bootServerPort ? replyFrom : socket).send(encoded.bytes(), encoded.bytes().length, reply.destination());
        } catch (IOException e) {
            errors.incrementAndGet();
            log.warn("DHCP on {}: could not send {} to {}: {}", config.interfaceName(), reply.type(),
                    reply.destination(), e.getMessage());
            return;
        }
        replies.incrementAndGet();
        if (log.isDebugEnabled()) {
            log.debug("DHCP on {}: {} {} -> {} {}", config.interfaceName(), reply.type(), request.mac().orElseThrow(),
                    reply.message().yiaddr().getHostAddress(), reply.bootFile() == null ? "" : reply.bootFile());
        }
        DhcpEvent.Type type = DhcpEvent.Type.valueOf(reply.type().name());
        emit(new DhcpEvent(now, request.mac().orElseThrow(), type, reply.clientAddress(), reply.bootFile()));
    }

    private void received(DhcpMessage request, Instant now) {
        if (request.op() != DhcpMessage.BOOTREQUEST || request.mac().isEmpty() || request.type().isEmpty()) {
            return;
        }
        if (config.mode() == DhcpMode.PROXY && !config.knows(request.mac().get())) {
            return; // someone else's network: its other machines' DHCP is none of the lab's events
        }
        DhcpEvent.Type type = switch (request.type().get()) {
            case DISCOVER -> DhcpEvent.Type.DISCOVER;
            case REQUEST -> DhcpEvent.Type.REQUEST;
            case DECLINE -> DhcpEvent.Type.DECLINE;
            case RELEASE -> DhcpEvent.Type.RELEASE;
            case INFORM -> DhcpEvent.Type.INFORM;
            // A client's "ACK" is no ACK: only the server's own replies may say a lease began.
            default -> null;
        };
        if (type == null) {
            return;
        }
        Inet4Address address = request.options().get(RequestedAddress.class).map(RequestedAddress::address)
                .orElse(Ip4.isZero(request.ciaddr()) ? null : request.ciaddr());
        emit(new DhcpEvent(now, request.mac().get(), type, address, null));
    }

    private void emit(ProvisioningEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            log.warn("event sink failed on {}", event.summary(), e);
        }
    }

    /** Stops the receive thread and closes the socket; returns within about half a second. */
    @Override
    public void close() {
        closing = true;
        watcher.interrupt();
        synchronized (this) {
            socket.close();
        }
        if (bootServerSocket != null) {
            bootServerSocket.close();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
            if (bootServerThread != null) {
                bootServerThread.join(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("DHCP server thread on {} did not stop within 2 s", config.interfaceName());
        }
    }
}
