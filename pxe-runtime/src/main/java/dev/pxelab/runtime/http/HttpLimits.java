package dev.pxelab.runtime.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one HTTP client can make the server hold, and for how long.
 *
 * @param maxBodyBytes    the largest request body (installer events, phone-home), whether sent with a
 *                        Content-Length or chunked: 413 beyond it. Curtin's events are a few hundred
 *                        bytes; its optional attached log files are what a lab does not need.
 * @param requestTimeout  time for a client to send a whole request header (trickled headers are cut)
 * @param idleTimeout     a connection without a request for this long is closed (keep-alive, idle sockets)
 * @param readTimeout     a connection with no traffic either way for this long is closed (stalled bodies,
 *                        stalled downloads)
 * @param maxConnections  connections served at once; further ones wait in the kernel's backlog
 */
public record HttpLimits(long maxBodyBytes, Duration requestTimeout, Duration idleTimeout, Duration readTimeout,
                         int maxConnections) {

    /** Also the largest request line plus headers: a 500 KB path is nobody's boot script. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    public static final HttpLimits DEFAULTS = new HttpLimits(1L << 20, Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 256);

    public HttpLimits {
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes must be within 1..2^31-1, was " + maxBodyBytes);
        }
        for (Duration d : new Duration[] {requestTimeout, idleTimeout, readTimeout}) {
            Objects.requireNonNull(d, "timeout");
            if (d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("HTTP timeouts must be positive milliseconds, got " + d);
            }
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
        }
    }
}
