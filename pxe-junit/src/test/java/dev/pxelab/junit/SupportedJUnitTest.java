package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class SupportedJUnitTest {

    @Test
    void fiveTenThroughSixAreAccepted() {
        for (String version : new String[] {"5.10.0", "5.12.2", "5.14.1", "6.0.1", "6.1.0-M1"}) {
            assertThatCode(() -> SupportedJUnit.require(version)).as(version).doesNotThrowAnyException();
        }
    }

    @Test
    void anOlderJUnitIsRefusedNamingTheFoundAndTheNeededVersion() {
        assertThatThrownBy(() -> SupportedJUnit.require("5.9.3"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("pxelab needs JUnit Jupiter 5.10 or newer")
                .hasMessageContaining("this run has 5.9.3");
    }

    @Test
    void theJUnitThisTestRunsOnIsSupported() {
        assertThatCode(SupportedJUnit::require).doesNotThrowAnyException();
    }
}
