package dev.pxelab.runtime.autoinstall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void cloudInitItselfGivesTheRecordedVerdicts() throws Exception {
        Assumptions.assumeTrue(onPath("cloud-init"),
                "cloud-init is not installed (Debian package cloud-init; tools/setup installs it): the oracle cannot run");
        List<Document> documents = documents();
        // Each run is a Python start (about a second); two at a time per CPU keeps the whole under a minute.
        ExecutorService pool = Executors.newFixedThreadPool(2 * Runtime.getRuntime().availableProcessors());
        try {
            List<Future<String>> verdicts = new ArrayList<>();
            for (Document document : documents) {
                verdicts.add(pool.submit(() -> disagreement(document)));
            }
            List<String> disagreements = new ArrayList<>();
            for (Future<String> verdict : verdicts) {
                String disagreement = verdict.get();
                if (disagreement != null) {
                    disagreements.add(disagreement);
                }
            }
            assertThat(disagreements).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Null when cloud-init agrees with the recorded verdict. Exit 0 is valid, 1 invalid; anything else is a broken run. */
    private static String disagreement(Document document) throws IOException, InterruptedException {
        Path output = Files.createTempFile("cloud-init-schema", ".txt");
        try {
            Process process = new ProcessBuilder("cloud-init", "schema", "--config-file", document.path().toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(CLOUD_INIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return document.name() + ": cloud-init schema did not finish in " + CLOUD_INIT_TIMEOUT_SECONDS + " s";
            }
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            int exit = process.exitValue();
            if (exit != 0 && exit != 1) {
                return document.name() + ": cloud-init schema failed (exit " + exit + "): " + text;
            }
            boolean valid = exit == 0;
            return valid == document.valid() ? null : document.name() + ": recorded " + (document.valid() ? "valid" : "invalid")
                    + " (" + document.because() + ") but cloud-init says: " + text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, command)).anyMatch(Files::isExecutable);
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
