package dev.pxelab.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4Test {

    @Test
    void dottedQuadsParseWithoutAskingDns() {
        assertThat(Ipv4.parse("192.168.105.11").getHostAddress()).isEqualTo("192.168.105.11");
        assertThat(Ipv4.parse("router", " 10.0.0.1 ").getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(Ipv4.parse("0.0.0.0").getHostAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void theErrorNamesWhatAndTheText() {
        assertThatThrownBy(() -> Ipv4.parse("router", "192.168.105"))
                .hasMessage("router: '192.168.105' is not an IPv4 address (expected e.g. 192.168.105.11)");
        assertThatThrownBy(() -> Ipv4.parse("pool start", "192.168.105.300"))
                .hasMessage("pool start: '192.168.105.300' is not an IPv4 address (an octet is above 255)");
        assertThatThrownBy(() -> Ipv4.parse(null))
                .hasMessage("'null' is not an IPv4 address (expected e.g. 192.168.105.11)");
    }

    @Test
    void namesSignsLongPartsAndTrailingDotsAreRejected() {
        for (String text : new String[] {"lab.test", "+1.2.3.4", "1.2.3.0004", "1.2.3.4.", "1..3.4", "::1"}) {
            assertThatThrownBy(() -> Ipv4.parse("x", text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
