package dev.pxelab.runtime.autoinstall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validates every file of the corpus under src/test/resources/autoinstall and compares the
 * problems with the {@code # expect:} lines at the end of each file (see the corpus README).
 */
class AutoinstallCorpusTest {

    @ParameterizedTest(name = "valid/{0}")
    @MethodSource("validFiles")
    void validFilesHaveNoErrorAndExactlyTheExpectedWarnings(String name) throws IOException {
        CorpusFile file = CorpusFile.read(corpus().resolve("valid").resolve(name));

        ValidationReport report = file.validate();

        assertThat(report.isValid()).as("valid/%s is valid; problems: %s", name, report.lines()).isTrue();
        assertThat(file.render(report)).isEqualTo(file.expectedProblems());
        file.expectedKind().ifPresent(kind -> assertThat(report.kind()).isEqualTo(kind));
    }

    @ParameterizedTest(name = "invalid/{0}")
    @MethodSource("invalidFiles")
    void invalidFilesHaveExactlyTheExpectedProblems(String name) throws IOException {
        CorpusFile file = CorpusFile.read(corpus().resolve("invalid").resolve(name));

        ValidationReport report = file.validate();

        assertThat(file.expectedProblems()).as("invalid/%s lists its problems", name).isNotEmpty();
        assertThat(report.isValid()).isFalse();
        assertThat(file.render(report)).isEqualTo(file.expectedProblems());
        assertThat(report.problems()).allSatisfy(problem -> assertThat(problem.file()).isEqualTo(name));
        file.expectedKind().ifPresent(kind -> assertThat(report.kind()).isEqualTo(kind));
    }

    static Stream<String> validFiles() throws IOException {
        return names("valid");
    }

    static Stream<String> invalidFiles() throws IOException {
        return names("invalid");
    }

    private static Stream<String> names(String directory) throws IOException {
        try (Stream<Path> files = Files.list(corpus().resolve(directory))) {
            List<String> names = files.map(path -> path.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            assertThat(names).as("corpus %s", directory).isNotEmpty();
            return names.stream();
        }
    }

    static Path corpus() {
        try {
            return Path.of(AutoinstallCorpusTest.class.getResource("/autoinstall").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A corpus file and the expectations written in its trailing comments. */
    record CorpusFile(Path path, String content) {

        static CorpusFile read(Path path) throws IOException {
            return new CorpusFile(path, Files.readString(path, StandardCharsets.UTF_8));
        }

        ValidationReport validate() {
            ValidationProfile profile = directive("# profile: ").map(ValidationProfile::fromOptionName).orElse(ValidationProfile.UBUNTU);
            return AutoinstallValidator.forProfile(profile).validate(path.getFileName().toString(), content);
        }

        List<String> expectedProblems() {
            return content.lines().filter(line -> line.startsWith("# expect: ")).map(line -> line.substring(10)).toList();
        }

        Optional<DocumentKind> expectedKind() {
            return directive("# kind: ").map(DocumentKind::valueOf);
        }

        /**
         * Everything a problem says, as one line:
         * {@code error 7:15 autoinstall.identity.password: the password is plain text; ... (expected ...) hint: ...}
         */
        List<String> render(ValidationReport report) {
            return report.problems().stream()
                    .map(p -> p.severity().label() + " " + p.line() + ":" + p.column() + " "
                            + (p.keyPath().isEmpty() ? "(document)" : p.keyPath()) + ": " + p.message()
                            + (p.expected() == null ? "" : " (expected " + p.expected() + ")")
                            + (p.hint() == null ? "" : " hint: " + p.hint()))
                    .toList();
        }

        private Optional<String> directive(String prefix) {
            return content.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()).strip()).findFirst();
        }
    }
}
