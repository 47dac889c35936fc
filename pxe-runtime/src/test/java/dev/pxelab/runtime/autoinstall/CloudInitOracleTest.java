package dev.pxelab.runtime.autoinstall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * cloud-init's own validator as the oracle for the cloud-config pxelab models ({@link CloudConfigModel}).
 * Each document under src/test/resources/autoinstall/cloud-config records cloud-init's verdict
 * ({@code # cloud-init: valid|invalid}) and why; pxelab must reach that verdict, and
 * {@code cloud-init schema --config-file FILE} (Debian's cloud-init package, installed by tools/setup)
 * must too, so the recorded verdicts cannot drift from cloud-init's.
 */
class CloudInitOracleTest {

    private static final long CLOUD_INIT_TIMEOUT_SECONDS = 60;

    record Document(Path path, boolean valid, String because) {

        static Document read(Path path) {
            try {
                List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
                String verdict = header(lines, "# cloud-init: ");
                assertThat(verdict).as("%s records cloud-init's verdict", path.getFileName()).isIn("valid", "invalid");
                return new Document(path, verdict.equals("valid"), header(lines, "# because: "));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String header(List<String> lines, String prefix) {
            return lines.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()).strip())
                    .findFirst().orElse("");
        }

        String name() {
            return path.getFileName().toString();
        }
    }

    @Test
    void pxelabGivesCloudInitsVerdictOnEveryDocument() throws IOException {
        List<String> disagreements = new ArrayList<>();
        for (Document document : documents()) {
            ValidationReport report = AutoinstallValidator.create().validate(document.name(),
                    Files.readString(document.path(), StandardCharsets.UTF_8));
            if (report.isValid() != document.valid()) {
                disagreements.add(document.name() + ": cloud-init says " + (document.valid() ? "valid" : "invalid")
                        + " (" + document.because() + "), pxelab says " + report.lines());
            }
        }
        assertThat(disagreements).isEmpty();
    }

    /**
     * What {@code cloud-init schema --config-file FILE} runs — cloud-init's
     * {@code validate_cloudconfig_file} against its schema — for every document in one Python start
     * (a start costs ~0.3 s, a document a few milliseconds), with the interpreter cloud-init itself
     * runs under. A line per document: {@code valid PATH} or {@code invalid PATH REASON}.
     */
    private static final String ORACLE = String.join("\n",
            "import sys",
            "from cloudinit.config.schema import get_schema, validate_cloudconfig_file, SchemaValidationError",
            "schema = get_schema()",
            "for path in sys.argv[1:]:",
            "    try:",
            "        validate_cloudconfig_file(path, schema, annotate=False)",
            "        print('valid', path, flush=True)",
            "    except SchemaValidationError as e:",
            "        print('invalid', path, str(e).replace('\\n', ' '), flush=True)");

    @Test
    void cloudInitItselfGivesTheRecordedVerdicts() throws Exception {
        Assumptions.assumeTrue(onPath("cloud-init"),
                "cloud-init is not installed (Debian package cloud-init; tools/setup installs it): the oracle cannot run");
        List<Document> documents = documents();
        List<String> command = new ArrayList<>(List.of(cloudInitsPython(), "-c", ORACLE));
        documents.forEach(d -> command.add(d.path().toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(CLOUD_INIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("cloud-init's validator finished")
                .isTrue();
        assertThat(process.exitValue()).as("cloud-init's validator ran: %s", output).isZero();

        List<String> disagreements = new ArrayList<>();
        for (Document document : documents) {
            String path = document.path().toAbsolutePath().toString();
            String line = output.lines().filter(l -> l.startsWith("valid " + path) || l.startsWith("invalid " + path))
                    .findFirst().orElse(null);
            if (line == null) {
                disagreements.add(document.name() + ": cloud-init gave no verdict: " + output);
            } else if (line.startsWith("valid ") != document.valid()) {
                disagreements.add(document.name() + ": recorded " + (document.valid() ? "valid" : "invalid") + " ("
                        + document.because() + ") but cloud-init says: " + line);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    /** The interpreter on cloud-init's own #! line: Debian's python3, whatever python3 is first on PATH. */
    private static String cloudInitsPython() throws IOException {
        Path cloudInit = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "cloud-init")).filter(Files::isExecutable).findFirst().orElseThrow();
        String first = Files.readAllLines(cloudInit, StandardCharsets.UTF_8).get(0);
        return first.startsWith("#!") ? first.substring(2).strip().split("\\s+")[0] : "/usr/bin/python3";
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, command)).anyMatch(Files::isExecutable);
    }

    static List<Document> documents() throws IOException {
        try (Stream<Path> files = Files.list(AutoinstallCorpusTest.corpus().resolve("cloud-config"))) {
            List<Document> documents = files.filter(path -> path.toString().endsWith(".yaml")).sorted().map(Document::read).toList();
            assertThat(documents).as("cloud-config documents").hasSizeGreaterThanOrEqualTo(20);
            assertThat(documents).as("both verdicts are represented").extracting(Document::valid).contains(true, false);
            return documents;
        }
    }
}
