package dev.pxelab.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A console log is read while QEMU writes it: a prompt may arrive in any number of pieces. */
class StreamMatcherTest {

    private static final String PROMPT = IpxePromptSkipper.PROMPT;

    private static int feed(StreamMatcher matcher, String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.ISO_8859_1);
        return matcher.feed(bytes, bytes.length);
    }

    @Test
    void findsTheTextInOnePiece() {
        StreamMatcher matcher = new StreamMatcher(PROMPT);

        assertThat(feed(matcher, "Features: DNS HTTP\r\n" + PROMPT + "...")).isEqualTo(1);
        assertThat(matcher.bytesAfterLastMatch()).isEqualTo(3);
    }

    @Test
    void findsTheTextSplitAcrossPiecesExactlyOnce() {
        StreamMatcher matcher = new StreamMatcher(PROMPT);

        assertThat(feed(matcher, "iPXE 1.0.0\r\nPress Ctrl-B for th")).isZero();
        assertThat(feed(matcher, "e iPXE command ")).isZero();
        assertThat(feed(matcher, "line")).isEqualTo(1);
        assertThat(matcher.bytesAfterLastMatch()).isZero();
        assertThat(feed(matcher, "...")).isZero();
        assertThat(matcher.bytesAfterLastMatch()).isEqualTo(3);
    }

    @Test
    void countsEachOccurrenceOnceAndNeverTheSameBytesTwice() {
        StreamMatcher matcher = new StreamMatcher("abab");

        assertThat(feed(matcher, "ababab")).isEqualTo(1);
        assertThat(feed(matcher, "ab")).isEqualTo(1);
        assertThat(feed(matcher, "")).isZero();
        assertThat(feed(matcher, "xabab")).isEqualTo(1);
    }

    @Test
    void countsBytesAfterTheLatestOccurrenceAcrossPieces() {
        StreamMatcher matcher = new StreamMatcher(PROMPT);

        assertThat(matcher.bytesAfterLastMatch()).isEqualTo(-1);
        feed(matcher, PROMPT + "...  ");
        feed(matcher, "net0: 52:54:00:12:34:56 using virtio-net");

        assertThat(matcher.bytesAfterLastMatch()).isEqualTo(5 + 40);
    }

    @Test
    void ignoresOtherPromptsOfIpxe() {
        StreamMatcher matcher = new StreamMatcher(PROMPT);

        assertThat(feed(matcher, "Press Ctrl-B to configure iPXE (PCI 00:01.0)...")).isZero();
    }

    @Test
    void refusesAnEmptyText() {
        assertThatThrownBy(() -> new StreamMatcher("")).isInstanceOf(IllegalArgumentException.class);
    }
}
