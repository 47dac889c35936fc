package dev.pxelab.runtime.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean": near misses only, closest first. */
class SuggestionsTest {

    static final List<String> KNOWN = List.of("nginx", "nginx-common", "nginx-full", "jq", "libjq1", "chrony",
            "prometheus-node-exporter", "prometheus-node-exporter-collectors");

    @Test
    void aTypoFindsThePackage() {
        assertThat(Suggestions.closest("nginxx", KNOWN)).containsExactly("nginx");
        assertThat(Suggestions.closest("chronny", KNOWN)).containsExactly("chrony");
        assertThat(Suggestions.closest("prometheus-node-exportr", KNOWN)).containsExactly("prometheus-node-exporter");
    }

    @Test
    void somethingFarFromEveryNameSuggestsNothing() {
        assertThat(Suggestions.closest("kubernetes", KNOWN)).isEmpty();
    }
}
