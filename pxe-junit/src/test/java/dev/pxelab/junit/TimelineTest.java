package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.junit.Timeline.Stage;
import dev.pxelab.runtime.provision.HostState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final List<Stage> stages = List.of(
            new Stage("web-1 (52:54:00:00:00:01)", HostState.WAITING, T0, T0.plusMillis(1500)),
            new Stage("web-1 (52:54:00:00:00:01)", HostState.INSTALLING, T0.plusMillis(1500), T0.plusSeconds(40)),
            new Stage("db <1> (52:54:00:00:00:02)", HostState.BOOTING, T0.plusSeconds(2), T0.plusSeconds(10)));

    @Test
    void everyStageIsABarWithItsDurationAndARowOfTheTable() {
        String html = Timeline.html("WebTierTest", stages);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").endsWith("</html>\n");
        assertThat(html.split("<rect ", -1)).hasSize(1 + stages.size());
        assertThat(html).contains("<title>INSTALLING 38.5 s</title>")
                .contains("<tr><td>web-1 (52:54:00:00:00:01)</td><td>INSTALLING</td><td>+1.5 s</td><td>38.5 s</td></tr>")
                .contains("<tr><td>db &lt;1&gt; (52:54:00:00:00:02)</td><td>BOOTING</td><td>+2.0 s</td><td>8.0 s</td></tr>");
    }

    @Test
    void barsAreScaledToTheWholeRunSoTheLongestEndsAtTheRightEdge() {
        String html = Timeline.html("WebTierTest", stages);

        // 760 px wide, 190 px of labels, 10 px margin: 560 px for 40 s.
        assertThat(html).contains("<rect x=\"190.0\" y=\"4\" width=\"21.0\"")
                .contains("<rect x=\"211.0\" y=\"4\" width=\"539.0\"")
                .contains("text-anchor=\"end\">40.0 s</text>");
    }

    @Test
    void targetNamesAreEscaped() {
        assertThat(Timeline.html("<lab>", stages)).doesNotContain("<1>").doesNotContain("<lab>")
                .contains("&lt;lab&gt;");
    }
}
