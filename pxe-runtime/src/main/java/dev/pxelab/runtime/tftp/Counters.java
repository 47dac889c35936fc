package dev.pxelab.runtime.tftp;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link TftpStats}: written by the I/O thread, read by anyone. */
final class Counters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong started = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong aborted = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong active = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong retransmitted = new AtomicLong();
    final AtomicLong duplicateAcks = new AtomicLong();
    final AtomicLong busy = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    TftpStats snapshot() {
        return new TftpStats(received.get(), started.get(), completed.get(), aborted.get(), failed.get(), refused.get(),
                active.get(), bytesSent.get(), retransmitted.get(), duplicateAcks.get(), busy.get(), dropped.get(),
                errors.get());
    }
}
