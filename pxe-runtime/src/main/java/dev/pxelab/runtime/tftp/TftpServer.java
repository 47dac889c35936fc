package dev.pxelab.runtime.tftp;

import dev.pxelab.runtime.event.AlertEvent;
import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.Printable;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.event.TftpEvent;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pxelab's read-only TFTP server: RFC 1350 (octet and netascii), options (RFC 2347 OACK,
 * 2348 blksize, 2349 tsize and timeout, 7440 windowsize). Write requests are refused.
 *
 * <pre>{@code
 * try (TftpServer tftp = TftpServer.start(TftpServerConfig.builder()
 *         .address(labAddress).root(bootDir).files(TftpFileSource.of(generated)).build(), events)) {
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> One I/O thread runs a {@link Selector} over the listening socket and every
 * transfer's socket (each transfer has its own port, RFC 1350's TID). A TFTP transfer is a
 * lock-step exchange of small datagrams, so the work per packet is tiny and a single thread keeps
 * several parallel boots busy without locks or hand-offs; what bounds throughput is the round
 * trip per window, which the windowsize option amortises. Block data is read with positional
 * reads from the page cache straight into one direct buffer per transfer (no per-block
 * allocation, no file in the heap); those reads do not block for long on a local disk.
 * Retransmission timers are deadlines checked by the same loop.
 *
 * <p><b>Options.</b> blksize is clamped to the MTU of the interface the transfer leaves from
 * (loopback: 65464). windowsize is clamped to the configured maximum and to what a client's
 * default receive buffer holds (see {@link TransferOptions#WINDOW_BYTES}). Block numbers wrap
 * from 65535 to 0, as tftp-hpa, atftp, curl and busybox expect. A client's error 8 (EDK2 ends its
 * tsize probe so) ends a transfer as {@code ABORTED_BY_CLIENT}, not as a failure. A refused
 * request emits a {@code FAILED} event without a {@code STARTED} one.
 *
 * <p><b>Names.</b> A requested name is relative to the root even with a leading '/'; anything
 * that could leave the root ('..', '\', URL-encoded traversal, symbolic links pointing out) is
 * refused with error 2, missing files with error 1, each with one log line saying why.
 *
 * <p><b>Limits.</b> Transfers are capped in total and per client address, each lives at most
 * {@link TftpServerConfig#transferLifetime()}, a client's timeout option is granted only up to
 * {@link TftpServerConfig#maxTimeout()}, netascii conversions share one memory budget, names
 * longer than {@link TftpServerConfig#MAX_NAME_LENGTH} are refused unread, and requests from
 * outside {@link TftpServerConfig#clients()} are dropped. The I/O loop survives whatever one
 * packet or transfer throws, {@link Error}s included; should it end anyway while the server is
 * open, it emits an {@link AlertEvent} saying so.
 *
 * <p>{@link #close()} tells active clients the server is stopping and ends within a moment.
 */
public final class TftpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TftpServer.class);

    private final TftpServerConfig config;
    private final EventSink events;
    private final FileResolver resolver;
    private final Selector selector;
    private final DatagramChannel listener;
    private final InetSocketAddress address;
    private final Counters counters = new Counters();
    private final Thread thread;
    /** Owned by the I/O thread. */
    private final List<Transfer> transfers = new ArrayList<>();
    private final Map<InetSocketAddress, Transfer> byClient = new HashMap<>();
    /** Datagrams in: requests and ACKs; large enough for any UDP payload. */
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(65536);
    private final Transfer.Owner owner = new Transfer.Owner() {
        @Override
        public void ended(Transfer transfer) {
            transfers.remove(transfer);
            byClient.remove(transfer.client, transfer);
        }

        @Override
        public void emit(TftpEvent event) {
            TftpServer.this.emit(event);
        }
    };
    private volatile boolean closing;

    private TftpServer(TftpServerConfig config, EventSink events) throws IOException {
        this.config = config;
        this.events = events;
        this.resolver = new FileResolver(config.root(), config.files(), config.netasciiBytes());
        this.selector = Selector.open();
        try {
            this.listener = DatagramChannel.open(family(config.bind()));
            listener.bind(config.bind());
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            selector.close();
            throw new IOException("TFTP server cannot listen on " + config.bind() + ": " + e.getMessage(), e);
        }
        this.address = (InetSocketAddress) listener.getLocalAddress();
        this.thread = new Thread(this::run, "pxelab-tftp-" + address.getPort());
        thread.setDaemon(true);
    }

    /** Binds the server's socket (failing here if it cannot) and starts serving. */
    public static TftpServer start(TftpServerConfig config, EventSink events) throws IOException {
        TftpServer server = new TftpServer(config, events);
        server.thread.start();
        LOG.info("TFTP server listening on {} (root {}, blksize up to {}, windowsize up to {})", server.address,
                config.root().map(Object::toString).orElse("none"), config.maxBlockSize(), config.maxWindowSize());
        return server;
    }

    /** Where the server listens (with the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        return address;
    }

    public TftpStats stats() {
        return counters.snapshot();
    }

    private static StandardProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Whether the I/O loop still runs: false after {@link #close()} or if it stopped on its own. */
    public boolean isServing() {
        return thread.isAlive() && !closing;
    }

    private void run() {
        String stopped = null;
        try {
            while (!closing) {
                try {
                    selector.select(this::dispatch, millisToNextDeadline());
                    long now = System.nanoTime();
                    for (int i = transfers.size() - 1; i >= 0; i--) {
                        if (i < transfers.size()) {
                            transfers.get(i).onTimer(now);
                        }
                    }
                } catch (IOException | ClosedSelectorException e) {
                    stopped = e.toString();
                    LOG.error("TFTP server on {} stopped: {}", address, e.toString(), e);
                    return;
                } catch (Throwable e) {
                    // Whatever a request or a transfer did (a bug, an OutOfMemoryError), the server
                    // goes on serving the others; dispatch() has already ended the transfer concerned.
                    counters.errors.incrementAndGet();
                    LOG.error("TFTP server on {}: unexpected {}; serving on", address, e.toString(),
                            e instanceof VirtualMachineError ? null : e);
                    pause(); // should it recur at once, a log line per loop must not be all the server does
                }
            }
        } finally {
            for (Transfer t : new ArrayList<>(transfers)) {
                try {
                    t.stop();
                } catch (Throwable e) {
                    LOG.debug("TFTP: stopping {}: {}", t, e.toString());
                }
            }
            closeQuietly();
            if (!closing) {
                emit(new AlertEvent(Instant.now(), null, "TFTP", AlertEvent.Kind.SERVER_STOPPED,
                        "TFTP server on " + address + " stopped: " + (stopped == null ? "its loop ended" : stopped)));
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            // not kept: an interrupted selector returns at once, and the loop would spin; close() ends it
        }
    }

    private long millisToNextDeadline() {
        if (transfers.isEmpty()) {
            return 0; // no timers: sleep until a datagram arrives or close() wakes us
        }
        long next = Long.MAX_VALUE;
        for (Transfer t : transfers) {
            next = Math.min(next, t.deadline());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime());
        return Math.max(1, millis + 1);
    }

    private void dispatch(SelectionKey key) {
        try {
            if (key.attachment() instanceof Transfer transfer) {
                if (key.isValid() && key.isWritable()) {
                    transfer.onWritable();
                }
                if (key.isValid() && key.isReadable()) {
                    transfer.onReadable(scratch);
                }
            } else if (key.isValid() && key.isReadable()) {
                receiveRequests();
            }
        } catch (Throwable e) {
            // One bad transfer or request must not stop the server for everyone.
            counters.errors.incrementAndGet();
            LOG.error("TFTP: unexpected failure handling {}: {}", key.attachment(), e.toString(),
                    e instanceof VirtualMachineError ? null : e);
            if (key.attachment() instanceof Transfer transfer) {
                transfer.fail("internal error: " + e);
            }
        }
    }

    private void receiveRequests() {
        while (true) {
            SocketAddress from;
            scratch.clear();
            try {
                from = listener.receive(scratch);
            } catch (IOException e) {
                LOG.warn("TFTP: receive on {} failed: {}", address, e.toString());
                return;
            }
            if (from == null) {
                return;
            }
            counters.received.incrementAndGet();
            scratch.flip();
            InetSocketAddress client = (InetSocketAddress) from;
            if (config.clients().isPresent() && !(client.getAddress() instanceof Inet4Address a
                    && config.clients().get().contains(a))) {
                // Not from the lab: a forged source would make us send data out another interface.
                counters.dropped.incrementAndGet();
                LOG.debug("TFTP: dropped a datagram from {}, outside {}", client, config.clients().get());
                continue;
            }
            onRequest(scratch, client);
        }
    }

    private void onRequest(ByteBuffer datagram, InetSocketAddress client) {
        TftpPacket packet;
        try {
            packet = TftpCodec.decode(datagram);
        } catch (MalformedPacketException e) {
            counters.refused.incrementAndGet();
            LOG.warn("TFTP: malformed request from {}: {}", client, Printable.of(e.getMessage(), 200));
            boolean isError = datagram.remaining() >= 2 && datagram.getShort(0) == TftpPacket.ERROR;
            if (!isError) {
                reply(client, new TftpPacket.Error(TftpPacket.Error.ILLEGAL_OPERATION, "malformed request: " + e.getMessage()));
            }
            return;
        }
        if (!(packet instanceof TftpPacket.Request request)) {
            if (!(packet instanceof TftpPacket.Error)) {
                LOG.debug("TFTP: {} from {} on the request port, answered with error 5", packet, client);
                reply(client, new TftpPacket.Error(TftpPacket.Error.UNKNOWN_TRANSFER_ID, "no transfer on this port"));
            }
            return;
        }
        String file = request.filename();
        if (request.opcode() == TftpPacket.WRQ) {
            refuse(client, file, new TftpPacket.Error(TftpPacket.Error.ACCESS_VIOLATION,
                    "write request refused: this TFTP server is read-only"));
            return;
        }
        String mode = request.mode().toLowerCase(Locale.ROOT);
        if (!mode.equals("octet") && !mode.equals("netascii")) {
            refuse(client, file, new TftpPacket.Error(TftpPacket.Error.ILLEGAL_OPERATION,
                    "unsupported transfer mode '" + request.mode() + "' (octet or netascii)"));
            return;
        }
        Transfer existing = byClient.get(client);
        if (existing != null) {
            if (existing.file.equals(file)) {
                LOG.debug("TFTP: repeated request for {} from {} ignored, transfer already running",
                        Printable.of(file, 200), client);
                return;
            }
            existing.fail("client " + client + " asked for another file, " + Printable.of(file, 200));
        }
        if (transfers.size() >= config.maxTransfers()) {
            busy(client, file, config.maxTransfers() + " transfers are running");
            return;
        }
        if (transfersOf(client.getAddress()) >= config.maxTransfersPerClient()) {
            busy(client, file, config.maxTransfersPerClient() + " transfers to " + client.getAddress().getHostAddress()
                    + " are running");
            return;
        }
        startTransfer(request, mode.equals("netascii"), client);
    }

    private long transfersOf(InetAddress client) {
        return transfers.stream().filter(t -> t.client.getAddress().equals(client)).count();
    }

    /** Refused for a limit: quietly (at debug), since a flood of these is what the limit is for. */
    private void busy(InetSocketAddress client, String file, String why) {
        counters.busy.incrementAndGet();
        LOG.debug("TFTP: busy, refused '{}' to {}: {}", Printable.of(file, 200), client, why);
        reply(client, new TftpPacket.Error(TftpPacket.Error.NOT_DEFINED, "server busy: " + why + "; try again later"));
    }

    private void startTransfer(TftpPacket.Request request, boolean netascii, InetSocketAddress client) {
        String file = request.filename();
        Content content;
        try {
            content = resolver.resolve(file, netascii, client);
        } catch (FileResolver.Refused e) {
            refuse(client, file, e.toPacket());
            return;
        } catch (IOException | RuntimeException e) {
            refuse(client, file, new TftpPacket.Error(TftpPacket.Error.NOT_DEFINED, "cannot read file: " + e.getMessage()));
            return;
        }
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(family(config.bind()));
            channel.bind(new InetSocketAddress(config.bind().getAddress(), 0));
            channel.connect(client);
            channel.configureBlocking(false);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            int maxBlock = Math.min(config.maxBlockSize(), PathMtu.maxBlockSize(local.getAddress()));
            TransferOptions options = TransferOptions.negotiate(request.options(), maxBlock, config.maxWindowSize(),
                    config.timeout(), config.maxTimeout(), content.size());
            Transfer transfer = new Transfer(client, file, channel, content, options, config.maxRetries(),
                    config.transferLifetime(), counters, owner);
            transfers.add(transfer);
            byClient.put(client, transfer);
            transfer.begin(selector);
        } catch (TransferOptions.RefusedOption e) {
            closeQuietly(channel, content);
            refuse(client, file, new TftpPacket.Error(TftpPacket.Error.OPTION_REFUSED, e.getMessage()));
        } catch (IOException e) {
            closeQuietly(channel, content);
            refuse(client, file, new TftpPacket.Error(TftpPacket.Error.NOT_DEFINED, "cannot open transfer: " + e.getMessage()));
        }
    }

    private void refuse(InetSocketAddress client, String file, TftpPacket.Error error) {
        counters.refused.incrementAndGet();
        LOG.warn("TFTP refused '{}' to {}: {} (error {})", Printable.of(file, 200), client,
                Printable.of(error.message(), 300), error.code());
        reply(client, error);
        emit(new TftpEvent(Instant.now(), client, Printable.of(file, TftpServerConfig.MAX_NAME_LENGTH),
                TftpEvent.Type.FAILED, 0,
                "refused with error " + error.code() + ": " + error.message()));
    }

    private void reply(InetSocketAddress client, TftpPacket packet) {
        try {
            listener.send(ByteBuffer.wrap(TftpCodec.encode(packet)), client);
        } catch (IOException e) {
            LOG.debug("TFTP: could not send {} to {}: {}", packet, client, e.toString());
        }
    }

    private void emit(ProvisioningEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("TFTP: event sink failed on {}", event.summary(), e);
        }
    }

    private static void closeQuietly(DatagramChannel channel, Content content) {
        try {
            if (channel != null) {
                channel.close();
            }
            content.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private void closeQuietly() {
        try {
            listener.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("TFTP: closing {}: {}", address, e.toString());
        }
    }

    /** Stops the server: active transfers get an error packet and end as FAILED. Returns within about a second. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("TFTP server on {}: I/O thread did not stop within 5 s", address);
        }
        LOG.info("TFTP server on {} stopped: {}", address, stats());
    }
}
