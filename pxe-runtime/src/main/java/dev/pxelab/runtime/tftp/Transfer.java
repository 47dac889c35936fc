package dev.pxelab.runtime.tftp;

import dev.pxelab.runtime.event.TftpEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read transfer on its own connected UDP socket (its own TID), driven by the server's I/O
 * thread: sends a window of blocks back-to-back, advances on the ACK of a newer block, resends
 * the window from the first unacknowledged block only when the timer expires (with doubling
 * backoff and a bounded number of retries). A duplicate or stale ACK is never answered: that is
 * what keeps the Sorcerer's Apprentice bug away.
 *
 * <p>Blocks are counted with a 64-bit index internally; on the wire the number is the index
 * modulo 65536, so after block 65535 comes block 0, as tftp-hpa, atftp, curl and busybox expect.
 */
final class Transfer {

    private static final Logger LOG = LoggerFactory.getLogger(Transfer.class);
    private static final int MAX_BACKOFF_SHIFT = 3;

    interface Owner {
        void ended(Transfer transfer);

        void emit(TftpEvent event);
    }

    private enum State { AWAITING_OACK_ACK, SENDING, ENDED }

    final InetSocketAddress client;
    final String file;
    private final DatagramChannel channel;
    private final Content content;
    private final TransferOptions options;
    private final ByteBuffer oack;
    private final ByteBuffer out;
    private final long totalBlocks;
    private final long timeoutNanos;
    private final int maxRetries;
    /** When the transfer ends whatever happens: a client can keep one alive only so long. */
    private final long endBy;
    private final Duration lifetime;
    private final Counters counters;
    private final Owner owner;

    private SelectionKey key;
    private State state;
    /** Highest block acknowledged; 0 before the first. */
    private long acked;
    /** Highest block ever sent; ACKs beyond it are bogus. */
    private long highestSent;
    /** Last block of the current window, and the next block of it still to send. */
    private long windowEnd;
    private long nextToSend;
    /** The block whose packet {@link #out} holds, so a blocked send resumes without re-reading. */
    private long buffered = -1;
    private int retries;
    private long deadline;

    Transfer(InetSocketAddress client, String file, DatagramChannel channel, Content content, TransferOptions options,
             int maxRetries, Duration lifetime, Counters counters, Owner owner) {
        this.client = client;
        this.file = file;
        this.channel = channel;
        this.content = content;
        this.options = options;
        this.oack = options.acknowledged().isEmpty() ? null
                : ByteBuffer.wrap(TftpCodec.encode(new TftpPacket.OptionAck(options.acknowledged())));
        this.out = ByteBuffer.allocateDirect(4 + options.blockSize());
        this.totalBlocks = content.size() / options.blockSize() + 1;
        this.timeoutNanos = options.timeout().toNanos();
        this.maxRetries = maxRetries;
        this.lifetime = lifetime;
        this.endBy = System.nanoTime() + lifetime.toNanos();
        this.counters = counters;
        this.owner = owner;
    }

    void begin(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
        counters.started.incrementAndGet();
        counters.active.incrementAndGet();
        LOG.info("TFTP sending {} ({} bytes) to {} with {}", file, content.size(), client, options.describe());
        owner.emit(event(TftpEvent.Type.STARTED, 0, options.describe()));
        if (oack != null) {
            state = State.AWAITING_OACK_ACK;
            sendOack();
        } else {
            state = State.SENDING;
            sendWindow();
        }
    }

    long deadline() {
        return deadline - endBy < 0 ? deadline : endBy;
    }

    boolean ended() {
        return state == State.ENDED;
    }

    /** Reads every datagram waiting on this transfer's socket. {@code buffer} is the I/O thread's scratch buffer. */
    void onReadable(ByteBuffer buffer) {
        try {
            while (state != State.ENDED) {
                buffer.clear();
                if (channel.read(buffer) <= 0) {
                    return;
                }
                buffer.flip();
                if (buffer.remaining() >= 4 && buffer.getShort(0) == TftpPacket.ACK) {
                    onAck(Short.toUnsignedInt(buffer.getShort(2)));
                } else {
                    onOther(buffer);
                }
            }
        } catch (IOException e) {
            // On a connected socket an ICMP port unreachable surfaces here: the client is gone.
            fail("client unreachable or socket error: " + e);
        }
    }

    void onWritable() {
        try {
            flush();
        } catch (IOException e) {
            fail("send failed: " + e);
        }
    }

    void onTimer(long now) {
        if (state == State.ENDED) {
            return;
        }
        if (now - endBy >= 0) {
            fail("transfer ran longer than its lifetime of " + lifetime.toSeconds() + " s");
            return;
        }
        if (now < deadline) {
            return;
        }
        if (retries >= maxRetries) {
            fail("no ACK for block " + (acked + 1) % 65536 + " (block index " + (acked + 1) + ") after "
                    + (retries + 1) + " attempts");
            return;
        }
        retries++;
        counters.retransmitted.incrementAndGet();
        LOG.debug("TFTP {} to {}: timeout, resending from block index {} (retry {})", file, client, acked + 1, retries);
        try {
            if (state == State.AWAITING_OACK_ACK) {
                sendOack();
            } else {
                sendWindow();
            }
        } catch (IOException e) {
            fail("send failed: " + e);
        }
    }

    private void onAck(int block) throws IOException {
        if (state == State.AWAITING_OACK_ACK) {
            if (block != 0) {
                counters.duplicateAcks.incrementAndGet();
                return;
            }
            state = State.SENDING;
            retries = 0;
            sendWindow();
            return;
        }
        // The one index in (acked, acked + 65535] with this wire number; valid if it was sent.
        long index = acked + ((block - acked) & 0xFFFF);
        if (index == acked || index > highestSent) {
            counters.duplicateAcks.incrementAndGet();
            return;
        }
        acked = index;
        retries = 0;
        if (acked == totalBlocks) {
            end(TftpEvent.Type.COMPLETED, content.size(), "");
            return;
        }
        // RFC 7440: an ACK inside the window (the client saw a gap) restarts the window after it.
        sendWindow();
    }

    private void onOther(ByteBuffer datagram) {
        TftpPacket packet;
        try {
            packet = TftpCodec.decode(datagram);
        } catch (MalformedPacketException e) {
            LOG.debug("TFTP {} to {}: ignoring malformed datagram: {}", file, client, e.getMessage());
            return;
        }
        if (packet instanceof TftpPacket.Error error) {
            if (error.code() == TftpPacket.Error.OPTION_REFUSED) {
                // EDK2 asks for tsize, reads the OACK and ends with error 8 before the real request.
                end(TftpEvent.Type.ABORTED_BY_CLIENT, bytesAcknowledged(), "client ended with error 8: " + error.message());
            } else {
                fail("client sent error " + error.code() + ": " + error.message());
            }
        } else {
            LOG.debug("TFTP {} to {}: ignoring unexpected {}", file, client, packet);
        }
    }

    private void sendOack() throws IOException {
        oack.rewind();
        channel.write(oack);
        arm();
    }

    private void sendWindow() throws IOException {
        nextToSend = acked + 1;
        windowEnd = Math.min(acked + options.windowSize(), totalBlocks);
        flush();
    }

    /** Sends the rest of the window; if the socket buffer is full, waits for OP_WRITE and goes on from there. */
    private void flush() throws IOException {
        int blockSize = options.blockSize();
        long size = content.size();
        while (nextToSend <= windowEnd) {
            if (buffered != nextToSend) {
                long position = (nextToSend - 1) * blockSize;
                int length = (int) Math.min(blockSize, size - position);
                out.clear();
                TftpCodec.putDataHeader(out, (int) (nextToSend & 0xFFFF));
                content.read(position, length, out);
                out.flip();
                buffered = nextToSend;
            } else {
                out.rewind();
            }
            if (channel.write(out) == 0) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                arm();
                return;
            }
            counters.bytesSent.addAndGet(out.limit() - 4L);
            highestSent = Math.max(highestSent, nextToSend);
            nextToSend++;
        }
        if ((key.interestOps() & SelectionKey.OP_WRITE) != 0) {
            key.interestOps(SelectionKey.OP_READ);
        }
        arm();
    }

    private void arm() {
        deadline = System.nanoTime() + (timeoutNanos << Math.min(retries, MAX_BACKOFF_SHIFT));
    }

    private long bytesAcknowledged() {
        return Math.min(acked * options.blockSize(), content.size());
    }

    void fail(String why) {
        if (state == State.ENDED) {
            return;
        }
        LOG.warn("TFTP {} to {} failed after {} of {} bytes: {}", file, client, bytesAcknowledged(), content.size(), why);
        end(TftpEvent.Type.FAILED, bytesAcknowledged(), why);
    }

    /** The server stops: tell the client (best effort) and end. */
    void stop() {
        if (state == State.ENDED) {
            return;
        }
        try {
            channel.write(ByteBuffer.wrap(TftpCodec.encode(new TftpPacket.Error(TftpPacket.Error.NOT_DEFINED,
                    "server shutting down"))));
        } catch (IOException ignored) {
            // best effort
        }
        end(TftpEvent.Type.FAILED, bytesAcknowledged(), "server stopped");
    }

    private void end(TftpEvent.Type type, long bytes, String detail) {
        state = State.ENDED;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
        try {
            content.close();
        } catch (IOException ignored) {
            // read-only
        }
        counters.active.decrementAndGet();
        switch (type) {
            case COMPLETED -> {
                counters.completed.incrementAndGet();
                LOG.info("TFTP sent {} ({} bytes) to {}", file, bytes, client);
            }
            case ABORTED_BY_CLIENT -> {
                counters.aborted.incrementAndGet();
                LOG.info("TFTP {} to {}: client ended the transfer after the OACK ({})", file, client, detail);
            }
            default -> counters.failed.incrementAndGet();
        }
        owner.emit(event(type, bytes, detail));
        owner.ended(this);
    }

    private TftpEvent event(TftpEvent.Type type, long bytes, String detail) {
        return new TftpEvent(Instant.now(), client, file, type, bytes, detail);
    }

    @Override
    public String toString() {
        return "Transfer[" + file + " to " + client + ", acked " + acked + "/" + totalBlocks + ", "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms timeout]";
    }
}
