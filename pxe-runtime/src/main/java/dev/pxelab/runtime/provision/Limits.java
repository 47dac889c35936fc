package dev.pxelab.runtime.provision;

import java.time.Duration;
import java.util.Objects;

/**
 * What a lab's provisioner holds at most, and for how long: every resource a client on the lab
 * network can make it spend has a bound here, so a broken or hostile client can slow the lab
 * down but never exhaust its memory, file descriptors or pool. The defaults serve labs of a few
 * dozen machines with room to spare (docs/design.md, "Configuration", lists them).
 *
 * @param eventsPerHost          events kept per host, a ring: the oldest go first
 * @param labEvents              events kept for the whole lab (including clients it does not know), a ring
 * @param unknownHosts           MACs without a declaration the provisioner tracks at most (pool clients)
 * @param unknownHostIdle        an unknown host with no traffic for this long is forgotten
 * @param offerHold              how long a pool address offered but not requested stays reserved
 * @param tftpTransfers          concurrent TFTP transfers in total
 * @param tftpTransfersPerClient concurrent TFTP transfers per client address
 * @param tftpMaxTimeout         the largest retransmission timeout a client may ask for (RFC 2349 allows 255 s)
 * @param tftpTransferLifetime   a TFTP transfer running longer than this is ended
 * @param tftpNetasciiBytes      memory for netascii conversions, all transfers together
 * @param httpBodyBytes          the largest request body (installer events, phone-home), chunked or not
 * @param httpRequestTimeout     time for a client to send a whole request header
 * @param httpIdleTimeout        an idle HTTP connection (keep-alive or stalled) is closed after this
 * @param httpReadTimeout        a connection whose client sends nothing for this long while a body is due is closed
 * @param httpConnections        concurrent HTTP connections; more wait in the kernel's backlog
 */
public record Limits(int eventsPerHost, int labEvents, int unknownHosts, Duration unknownHostIdle, Duration offerHold,
                     int tftpTransfers, int tftpTransfersPerClient, Duration tftpMaxTimeout,
                     Duration tftpTransferLifetime, long tftpNetasciiBytes, long httpBodyBytes,
                     Duration httpRequestTimeout, Duration httpIdleTimeout, Duration httpReadTimeout,
                     int httpConnections) {

    public static final Limits DEFAULTS = new Limits(1000, 10_000, 256, Duration.ofMinutes(10), Duration.ofSeconds(10),
            64, 4, Duration.ofSeconds(5), Duration.ofMinutes(10), 8L << 20, 1L << 20,
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), 256);

    public Limits {
        positive("eventsPerHost", eventsPerHost);
        positive("labEvents", labEvents);
        positive("unknownHosts", unknownHosts);
        positive("unknownHostIdle", unknownHostIdle);
        positive("offerHold", offerHold);
        positive("tftpTransfers", tftpTransfers);
        positive("tftpTransfersPerClient", tftpTransfersPerClient);
        positive("tftpMaxTimeout", tftpMaxTimeout);
        positive("tftpTransferLifetime", tftpTransferLifetime);
        positive("tftpNetasciiBytes", tftpNetasciiBytes);
        positive("httpBodyBytes", httpBodyBytes);
        positive("httpRequestTimeout", httpRequestTimeout);
        positive("httpIdleTimeout", httpIdleTimeout);
        positive("httpReadTimeout", httpReadTimeout);
        positive("httpConnections", httpConnections);
    }

    public Limits withEventsPerHost(int n) {
        return new Limits(n, labEvents, unknownHosts, unknownHostIdle, offerHold, tftpTransfers,
                tftpTransfersPerClient, tftpMaxTimeout, tftpTransferLifetime, tftpNetasciiBytes, httpBodyBytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, httpConnections);
    }

    public Limits withLabEvents(int n) {
        return new Limits(eventsPerHost, n, unknownHosts, unknownHostIdle, offerHold, tftpTransfers,
                tftpTransfersPerClient, tftpMaxTimeout, tftpTransferLifetime, tftpNetasciiBytes, httpBodyBytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, httpConnections);
    }

    public Limits withUnknownHosts(int n, Duration idle) {
        return new Limits(eventsPerHost, labEvents, n, idle, offerHold, tftpTransfers,
                tftpTransfersPerClient, tftpMaxTimeout, tftpTransferLifetime, tftpNetasciiBytes, httpBodyBytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, httpConnections);
    }

    public Limits withOfferHold(Duration hold) {
        return new Limits(eventsPerHost, labEvents, unknownHosts, unknownHostIdle, hold, tftpTransfers,
                tftpTransfersPerClient, tftpMaxTimeout, tftpTransferLifetime, tftpNetasciiBytes, httpBodyBytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, httpConnections);
    }

    public Limits withTftpTransfers(int total, int perClient) {
        return new Limits(eventsPerHost, labEvents, unknownHosts, unknownHostIdle, offerHold, total,
                perClient, tftpMaxTimeout, tftpTransferLifetime, tftpNetasciiBytes, httpBodyBytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, httpConnections);
    }

    public Limits withTftpTimeouts(Duration maxTimeout, Duration transferLifetime) {
        return new Limits(eventsPerHost, labEvents, unknownHosts, unknownHostIdle, offerHold, tftpTransfers,
                tftpTransfersPerClient, maxTimeout, transferLifetime, tftpNetasciiBytes, httpBodyBytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, httpConnections);
    }

    public Limits withTftpNetasciiBytes(long bytes) {
        return new Limits(eventsPerHost, labEvents, unknownHosts, unknownHostIdle, offerHold, tftpTransfers,
                tftpTransfersPerClient, tftpMaxTimeout, tftpTransferLifetime, bytes, httpBodyBytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, httpConnections);
    }

    public Limits withHttpBodyBytes(long bytes) {
        return new Limits(eventsPerHost, labEvents, unknownHosts, unknownHostIdle, offerHold, tftpTransfers,
                tftpTransfersPerClient, tftpMaxTimeout, tftpTransferLifetime, tftpNetasciiBytes, bytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, httpConnections);
    }

    public Limits withHttpTimeouts(Duration request, Duration idle, Duration read) {
        return new Limits(eventsPerHost, labEvents, unknownHosts, unknownHostIdle, offerHold, tftpTransfers,
                tftpTransfersPerClient, tftpMaxTimeout, tftpTransferLifetime, tftpNetasciiBytes, httpBodyBytes,
                request, idle, read, httpConnections);
    }

    public Limits withHttpConnections(int n) {
        return new Limits(eventsPerHost, labEvents, unknownHosts, unknownHostIdle, offerHold, tftpTransfers,
                tftpTransfersPerClient, tftpMaxTimeout, tftpTransferLifetime, tftpNetasciiBytes, httpBodyBytes,
                httpRequestTimeout, httpIdleTimeout, httpReadTimeout, n);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("limit " + name + " must be at least 1, was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("limit " + name + " must be a positive duration, was " + value);
        }
    }
}
