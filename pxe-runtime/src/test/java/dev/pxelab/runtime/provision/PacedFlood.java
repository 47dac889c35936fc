package dev.pxelab.runtime.provision;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A flood of datagrams at one server, sent no faster than the server reads them, whose goal is a
 * number of datagrams the server <em>received</em>, not sent.
 *
 * <p>Sent flat out, most of a flood never reaches the server: the kernel drops what does not fit
 * its receive buffer (an earlier run counted 100,000 DHCP datagrams sent, of which the server read
 * 9,324). So datagrams go out in batches, and after each the flood waits until every datagram of
 * the batch is accounted for: read, by the server's own count, or dropped, by the kernel's count
 * for the server's socket. A batch that lost some makes the next ones smaller, and the flood goes
 * on until the server has read the goal, never more.
 */
final class PacedFlood {

    /** Sends the next datagram of the flood. */
    @FunctionalInterface
    interface Sender {
        void sendOne() throws IOException;
    }

    /** How long the server may read nothing while datagrams wait for it, before it counts as stopped. */
    static final Duration STALLED = Duration.ofSeconds(10);

    private final String server;
    private final long goal;
    private final int largestBatch;
    private final LongSupplier serverCount;
    private final LongSupplier kernelDrops;
    private final long countBefore;
    private final long dropsBefore;
    private final Sender sender;
    private int batch;
    private long sent;
    private long droppedBeforeBatch;

    /**
     * @param server       the server's name, for messages
     * @param goal         datagrams the server is to receive
     * @param largestBatch datagrams sent before waiting for the server, at most
     * @param serverCount  the server's own count of datagrams read (since it started: the flood counts from now)
     * @param kernelDrops  the kernel's count of datagrams dropped for the server's socket (likewise)
     */
    PacedFlood(String server, long goal, int largestBatch, LongSupplier serverCount, LongSupplier kernelDrops,
               Sender sender) {
        this.server = server;
        this.goal = goal;
        this.largestBatch = largestBatch;
        this.serverCount = serverCount;
        this.kernelDrops = kernelDrops;
        this.countBefore = serverCount.getAsLong();
        this.dropsBefore = kernelDrops.getAsLong();
        this.sender = sender;
        this.batch = largestBatch;
    }

    /** Datagrams of this flood the server has read. */
    long received() {
        return serverCount.getAsLong() - countBefore;
    }

    /** Datagrams of this flood the kernel dropped before the server could read them. */
    long dropped() {
        return kernelDrops.getAsLong() - dropsBefore;
    }

    long sent() {
        return sent;
    }

    boolean done() {
        return received() >= goal;
    }

    /** Sends the next batch: never more than the server still lacks of the goal. */
    void sendBatch() throws IOException {
        long n = Math.max(0, Math.min(batch, goal - received()));
        droppedBeforeBatch = dropped();
        for (long i = 0; i < n; i++) {
            sender.sendOne();
        }
        sent += n;
    }

    /**
     * Waits until each datagram sent is read or dropped. A batch that lost datagrams halves the
     * next ones; one that arrived whole lets them grow again.
     */
    void awaitServer() throws InterruptedException {
        long accounted = received() + dropped();
        long stalledSince = System.nanoTime();
        while (accounted < sent) {
            Thread.sleep(1);
            long now = received() + dropped();
            if (now != accounted) {
                accounted = now;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > STALLED.toNanos()) {
                throw new AssertionError(server + " server read nothing for " + STALLED.toSeconds() + " s with "
                        + (sent - accounted) + " datagrams waiting: it stopped after " + received() + " of "
                        + goal + " (" + sent + " sent, " + dropped() + " dropped by the kernel)");
            }
        }
        if (dropped() > droppedBeforeBatch) {
            batch = Math.max(1, batch / 2);
        } else {
            batch = Math.min(largestBatch, batch + Math.max(1, largestBatch / 16));
        }
    }
}
