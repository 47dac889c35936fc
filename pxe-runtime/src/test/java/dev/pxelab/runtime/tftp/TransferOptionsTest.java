package dev.pxelab.runtime.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferOptionsTest {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private static TransferOptions negotiate(int maxBlock, String... keyValues) throws TransferOptions.RefusedOption {
        Map<String, String> requested = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            requested.put(keyValues[i], keyValues[i + 1]);
        }
        return TransferOptions.negotiate(requested, maxBlock, 64, DEFAULT_TIMEOUT, Duration.ofSeconds(5), 123456);
    }

    @Test
    void noOptionsMeansRfc1350DefaultsAndNoOack() throws Exception {
        TransferOptions o = negotiate(1468);
        assertThat(o.blockSize()).isEqualTo(512);
        assertThat(o.windowSize()).isEqualTo(1);
        assertThat(o.timeout()).isEqualTo(DEFAULT_TIMEOUT);
        assertThat(o.acknowledged()).isEmpty();
    }

    @Test
    void edk2ProbeGetsItsOptionsAndTheSizeBack() throws Exception {
        TransferOptions o = negotiate(1468, "tsize", "0", "blksize", "1468", "windowsize", "4");
        assertThat(o.acknowledged()).containsExactly(Map.entry("tsize", "123456"), Map.entry("blksize", "1468"),
                Map.entry("windowsize", "4"));
        assertThat(o.blockSize()).isEqualTo(1468);
        assertThat(o.windowSize()).isEqualTo(4);
    }

    @Test
    void blockSizeIsClampedToThePathAndWindowToTheServerMaximum() throws Exception {
        assertThat(negotiate(968, "blksize", "1468").acknowledged()).containsEntry("blksize", "968");
        assertThat(negotiate(65464, "blksize", "70000").blockSize()).isEqualTo(65464);
        assertThat(negotiate(1468, "windowsize", "1000").windowSize()).isEqualTo(64);
    }

    @Test
    void windowIsCutToWhatAClientsDefaultReceiveBufferHolds() throws Exception {
        assertThat(negotiate(65464, "windowsize", "64", "blksize", "1468").windowSize()).isEqualTo(64);
        assertThat(negotiate(65464, "windowsize", "64", "blksize", "8192").acknowledged())
                .containsEntry("windowsize", "10").containsEntry("blksize", "8192");
        assertThat(negotiate(65464, "blksize", "65464", "windowsize", "8").windowSize()).isEqualTo(1);
        assertThat(TransferOptions.chargedSize(1468)).isEqualTo(2048);
        assertThat(TransferOptions.chargedSize(512)).isEqualTo(1024);
    }

    @Test
    void timeoutIsTakenInSeconds() throws Exception {
        TransferOptions o = negotiate(1468, "timeout", "3");
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.acknowledged()).containsEntry("timeout", "3");
    }

    /** B2: timeout=255 held a socket for hours (retries double it); above the clamp the option is not granted. */
    @Test
    void aTimeoutAboveTheClampIsLeftOutOfTheOackAndTheDefaultApplies() throws Exception {
        TransferOptions o = negotiate(1468, "timeout", "255", "blksize", "1468");
        assertThat(o.timeout()).isEqualTo(DEFAULT_TIMEOUT);
        assertThat(o.acknowledged()).doesNotContainKey("timeout").containsEntry("blksize", "1468");
    }

    @Test
    void unknownOptionsAreLeftOutOfTheOack() throws Exception {
        assertThat(negotiate(1468, "multicast", "", "utimeout", "1000").acknowledged()).isEmpty();
    }

    @Test
    void badValuesAreRefusedSayingWhich() {
        assertRefused("blksize 7 is below the minimum of 8", "blksize", "7");
        assertRefused("windowsize 0 is below the minimum of 1", "windowsize", "0");
        assertRefused("timeout 0 is outside 1-255", "timeout", "0");
        assertRefused("timeout 256 is outside 1-255", "timeout", "256");
        assertRefused("blksize value 'abc' is not a non-negative decimal number", "blksize", "abc");
        assertRefused("blksize value '-1'", "blksize", "-1");
        assertRefused("tsize value ''", "tsize", "");
        assertRefused("windowsize value '99999999999999999999'", "windowsize", "99999999999999999999");
    }

    private static void assertRefused(String message, String... keyValues) {
        assertThatThrownBy(() -> negotiate(1468, keyValues)).isInstanceOf(TransferOptions.RefusedOption.class)
                .hasMessageContaining(message);
    }

    @Test
    void pathMtuLeavesRoomForHeaders() {
        assertThat(PathMtu.forMtu(1500, false)).isEqualTo(1468);
        assertThat(PathMtu.forMtu(1500, true)).isEqualTo(1448);
        assertThat(PathMtu.forMtu(65536, false)).isEqualTo(65464);
        assertThat(PathMtu.forMtu(9000, false)).isEqualTo(8968);
    }
}
