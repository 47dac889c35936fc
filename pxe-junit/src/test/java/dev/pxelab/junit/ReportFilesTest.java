package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs on every JUnit of the matrix (pxe-junit's profiles junit510, junit512, junit514, junit6). */
class ReportFilesTest {

    @Test
    void filesAreAttachedFromJUnit512OnAndQuietlyNotBefore() {
        String version = ExtensionContext.class.getPackage().getImplementationVersion();
        String[] parts = version.split("\\.");
        boolean atLeast512 = Integer.parseInt(parts[0]) > 5 || Integer.parseInt(parts[1]) >= 12;

        assertThat(ReportFiles.supported()).as("publishFile on JUnit " + version).isEqualTo(atLeast512);
    }
}
