package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.dhcp.DhcpServer;
import dev.pxelab.runtime.tftp.TftpStats;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a hostile lab fuzz run measured, as one table with the figures of issue 14's goal: what the
 * servers received, heap after GC, file descriptors, which servers still answered, which of the
 * lab's hosts were still provisioned.
 */
record FuzzFigures(long seed, Flood flood, Answers answers, Map<String, HostState> hosts, int eventsKept,
                   int hostsKept) {

    static final long HEAP_GOAL = 64L << 20;

    /**
     * The flood and what it left behind.
     *
     * @param took       until the servers had read all of it
     * @param heapBefore heap after GC before the flood
     * @param heapAfter  heap after GC once the file descriptors were back (or given up on)
     */
    record Flood(Duration took, Count dhcp, Count tftp, long heapBefore, long heapAfter, Descriptors fds) {
    }

    /** One server's part of the flood: what it read of what was sent, and what it made of it. */
    record Count(long goal, long received, long sent, long dropped, String decided) {

        static Count of(PacedFlood flood, long goal, DhcpServer.Stats s) {
            return new Count(goal, flood.received(), flood.sent(), flood.dropped(), String.format("%,d replies, %,d malformed,"
                            + " %,d not ours to answer, %,d without a lease, %,d oversized, %,d errors", s.replies(),
                    s.malformed(), s.foreign(), s.unanswered(), s.oversized(), s.errors()));
        }

        static Count of(PacedFlood flood, long goal, TftpStats s) {
            return new Count(goal, flood.received(), flood.sent(), flood.dropped(), String.format("%,d transfers started, %,d refused,"
                            + " %,d busy, %,d from outside the lab, %,d errors", s.started(), s.refused(), s.busy(),
                    s.dropped(), s.errors()));
        }
    }

    /**
     * The test JVM's open file descriptors (servers and test alike).
     *
     * @param back    how long after the flood they were back at {@code before}; null if they were not
     * @param allowed the goal for {@code back}
     */
    record Descriptors(long before, long peak, long after, Duration back, Duration allowed) {
    }

    /** Whether each server answered a normal client after the flood. */
    record Answers(boolean discover, boolean rrq, boolean get) {
    }

    String table() {
        Count dhcp = flood.dhcp;
        Count tftp = flood.tftp;
        Descriptors fds = flood.fds;
        long provisioned = hosts.values().stream().filter(s -> s == HostState.INSTALLED).count();
        return String.join(System.lineSeparator(),
                String.format("hostile lab fuzz, seed %d: the servers read the flood in %.1f s", seed,
                        flood.took.toMillis() / 1000.0),
                String.format("  DHCP received  %,d of %,d sent (goal %,d; %,d dropped by the kernel): %s",
                        dhcp.received, dhcp.sent, dhcp.goal, dhcp.dropped, dhcp.decided),
                String.format("  TFTP received  %,d of %,d sent (goal %,d; %,d dropped by the kernel): %s",
                        tftp.received, tftp.sent, tftp.goal, tftp.dropped, tftp.decided),
                String.format("  heap after GC  %.1f MiB (%.1f MiB before the flood; goal < %d MiB)",
                        mib(flood.heapAfter), mib(flood.heapBefore), HEAP_GOAL >> 20),
                String.format("  open fds       %d before, %d at peak, %d after: %s (goal: within %d s, the transfer"
                        + " lifetime hostile timeouts are clamped to)", fds.before, fds.peak, fds.after,
                        fds.back == null ? "NOT back" : "back " + fds.back.toMillis() + " ms after the flood",
                        fds.allowed.toSeconds()),
                String.format("  answered       DISCOVER %s, RRQ %s, GET %s", yesNo(answers.discover),
                        yesNo(answers.rrq), yesNo(answers.get)),
                String.format("  provisioned    %d of %d hosts (%s)", provisioned, hosts.size(), hosts.entrySet()
                        .stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))),
                String.format("  kept           %,d events, %d hosts", eventsKept, hostsKept));
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }

    private static String yesNo(boolean answered) {
        return answered ? "answered" : "NOT answered";
    }
}
