package dev.pxelab.runtime.autoinstall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Whatever arrives, the validator answers with problems, never with an exception: every corpus
 * file is mangled line by line (deleted, emptied, turned into a list item or a nested mapping,
 * values replaced by other kinds) and every variant must still produce a report.
 */
class MangledInputTest {

    private static final String[] REPLACEMENT_VALUES = {"[]", "{x: {y: z}}", "~", "yes", "12", "&a [*a]"};

    @Test
    void everyMangledCorpusFileGetsAReportNotAnException() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(AutoinstallCorpusTest.corpus())) {
            files = walk.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
        AutoinstallValidator ubuntu = AutoinstallValidator.create();
        AutoinstallValidator testOs = AutoinstallValidator.forProfile(ValidationProfile.PXELAB_TEST_OS);
        int variants = 0;
        for (Path file : files) {
            for (String variant : variants(Files.readAllLines(file))) {
                String name = file.getFileName().toString();
                AutoinstallValidator validator = variants++ % 2 == 0 ? ubuntu : testOs;
                assertThat(validator.validate(name, variant).problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(name));
            }
        }
        assertThat(variants).isGreaterThan(1000);
    }

    private static List<String> variants(List<String> lines) {
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            variants.add(replace(lines, i, null));
            variants.add(replace(lines, i, line.replaceFirst("^(\\s*)", "$1- ")));
            variants.add(replace(lines, i, line + ":"));
            int colon = line.indexOf(": ");
            if (colon > 0) {
                for (String value : REPLACEMENT_VALUES) {
                    variants.add(replace(lines, i, line.substring(0, colon + 2) + value));
                }
            }
        }
        return variants;
    }

    private static String replace(List<String> lines, int index, String replacement) {
        List<String> copy = new ArrayList<>(lines);
        if (replacement == null) {
            copy.remove(index);
        } else {
            copy.set(index, replacement);
        }
        return String.join("\n", copy) + "\n";
    }
}
