package dev.pxelab.runtime.qemu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counts the occurrences of a fixed text in a byte stream that arrives in arbitrary pieces, such
 * as a console log read while QEMU writes it: a text split across two reads is still found once.
 */
final class StreamMatcher {

    private final byte[] needle;
    private byte[] carry = new byte[0];
    private long afterLastMatch = -1;

    StreamMatcher(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("nothing to match");
        }
        this.needle = text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds the next {@code length} bytes of the stream; returns how many occurrences ended in them. */
    int feed(byte[] bytes, int length) {
        byte[] window = Arrays.copyOf(carry, carry.length + length);
        System.arraycopy(bytes, 0, window, carry.length, length);
        int found = 0;
        int resumeAt = 0;
        for (int i = 0; i + needle.length <= window.length; i++) {
            if (matchesAt(window, i)) {
                found++;
                i += needle.length - 1;
                resumeAt = i + 1;
            }
        }
        if (found > 0) {
            afterLastMatch = window.length - resumeAt;
        } else if (afterLastMatch >= 0) {
            afterLastMatch += length;
        }
        // Keep only what could be the start of a match completed by the next piece.
        int keepFrom = Math.max(resumeAt, window.length - (needle.length - 1));
        carry = Arrays.copyOfRange(window, keepFrom, window.length);
        return found;
    }

    /** How many bytes came after the end of the latest occurrence; -1 before the first. */
    long bytesAfterLastMatch() {
        return afterLastMatch;
    }

    private boolean matchesAt(byte[] window, int offset) {
        for (int j = 0; j < needle.length; j++) {
            if (window[offset + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }
}
