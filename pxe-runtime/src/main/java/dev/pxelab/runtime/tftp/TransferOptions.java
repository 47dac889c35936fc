package dev.pxelab.runtime.tftp;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a read transfer runs with after option negotiation (RFC 2347-2349, RFC 7440), and the
 * OACK that tells the client so ({@code acknowledged} empty: no OACK, plain RFC 1350 transfer).
 */
record TransferOptions(int blockSize, int windowSize, Duration timeout, Map<String, String> acknowledged) {

    static final int DEFAULT_BLOCK_SIZE = 512;
    static final int MIN_BLOCK_SIZE = 8;
    /** RFC 2348's upper bound: the largest UDP payload over IPv4 minus the TFTP header. */
    static final int MAX_BLOCK_SIZE = 65464;

    /**
     * What one window may put in flight. A client's socket has Linux's default receive buffer
     * (rmem_default, 208 KiB), and every datagram is charged at its buffer's size: payload plus
     * headers plus bookkeeping, rounded up to a power of two (an 8 KiB block costs 16 KiB).
     * A window that overflows it gets its tail dropped every time and crawls from timeout to
     * timeout (measured with atftp: 64 MiB at blksize 8192 windowsize 17 did not finish in
     * 60 s). So the window is cut to what fits in 160 KiB. At blksize 1468 (2 KiB each) that
     * still allows 64.
     */
    static final int WINDOW_BYTES = 160 * 1024;
    /** IP + UDP + TFTP headers and the kernel's per-buffer bookkeeping (skb_shared_info). */
    static final int PER_DATAGRAM_OVERHEAD = 20 + 8 + 4 + 384;

    static int chargedSize(int blockSize) {
        return Integer.highestOneBit(blockSize + PER_DATAGRAM_OVERHEAD - 1) << 1;
    }

    TransferOptions {
        acknowledged = Collections.unmodifiableMap(new LinkedHashMap<>(acknowledged));
    }

    /** An option the client asked for with a value this server cannot accept (answered with error 8). */
    static final class RefusedOption extends Exception {
        RefusedOption(String message) {
            super(message);
        }
    }

    /**
     * Negotiates the client's {@code requested} options.
     *
     * @param maxBlockSize the largest block that fits the path (interface MTU minus headers) and the config
     * @param maxWindowSize the largest window the server sends
     * @param defaultTimeout the timeout when the client asks for none
     * @param maxTimeout the largest timeout granted: a retransmission timer (and a transfer) that
     *        long holds a socket for many minutes, so more is left out of the OACK (RFC 2349)
     * @param size the size of the file in the transfer mode, reported for {@code tsize}
     */
    static TransferOptions negotiate(Map<String, String> requested, int maxBlockSize, int maxWindowSize,
                                     Duration defaultTimeout, Duration maxTimeout, long size) throws RefusedOption {
        Map<String, String> ack = new LinkedHashMap<>();
        int blockSize = DEFAULT_BLOCK_SIZE;
        int windowSize = 1;
        Duration timeout = defaultTimeout;
        for (var option : requested.entrySet()) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "blksize" -> {
                    long asked = number(name, value);
                    if (asked < MIN_BLOCK_SIZE) {
                        throw new RefusedOption("blksize " + value + " is below the minimum of " + MIN_BLOCK_SIZE);
                    }
                    // RFC 2348: the server may answer with a smaller size; above 65464 or the path
                    // MTU the blocks would be fragmented or cannot be sent at all.
                    blockSize = (int) Math.min(asked, maxBlockSize);
                    ack.put(name, Integer.toString(blockSize));
                }
                case "windowsize" -> {
                    long asked = number(name, value);
                    if (asked < 1) {
                        throw new RefusedOption("windowsize " + value + " is below the minimum of 1");
                    }
                    windowSize = (int) Math.min(asked, maxWindowSize);
                    ack.put(name, "");
                }
                case "timeout" -> {
                    long asked = number(name, value);
                    if (asked < 1 || asked > 255) {
                        throw new RefusedOption("timeout " + value + " is outside 1-255 seconds");
                    }
                    if (asked <= maxTimeout.toSeconds()) {
                        timeout = Duration.ofSeconds(asked);
                        ack.put(name, Long.toString(asked));
                    }
                }
                case "tsize" -> {
                    // RFC 2349: a reading client sends 0 and learns the size from the OACK.
                    number(name, value);
                    ack.put(name, Long.toString(size));
                }
                default -> {
                    // RFC 2347: options the server does not know are left out of the OACK.
                }
            }
        }
        if (ack.containsKey("windowsize")) {
            // Decided after blksize, whatever the order of the options in the request.
            int fits = Math.max(1, WINDOW_BYTES / chargedSize(blockSize));
            windowSize = Math.min(windowSize, fits);
            ack.put("windowsize", Integer.toString(windowSize));
        }
        return new TransferOptions(blockSize, windowSize, timeout, ack);
    }

    private static long number(String name, String value) throws RefusedOption {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RefusedOption(name + " value '" + value + "' is not a non-negative decimal number");
        }
        return Long.parseLong(value);
    }

    /** For logs and events: e.g. {@code blksize=1468 windowsize=4}, or {@code no options}. */
    String describe() {
        if (acknowledged.isEmpty()) {
            return "blksize=" + blockSize + " (no options)";
        }
        StringBuilder sb = new StringBuilder();
        acknowledged.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}
