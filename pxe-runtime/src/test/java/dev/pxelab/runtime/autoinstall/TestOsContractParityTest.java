package dev.pxelab.runtime.autoinstall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test OS's installer and pxelab's validator read one contract, so they reach one verdict: each
 * file of the corpus (src/test/resources/test-os-contract, one rule each) is checked by the
 * installer's own validation — busybox sh, autoinstall.sh and ytool, exactly as in the initramfs —
 * and by the validator's test OS profile, for both flavours, and both must give the verdict the file
 * states.
 */
class TestOsContractParityTest {

    private static final Path CORPUS = Path.of("src/test/resources/test-os-contract");
    private static final Pattern EXPECT = Pattern.compile("^# expect: tiny=(accept|reject) debian=(accept|reject)$",
            Pattern.MULTILINE);

    private static Path scripts;
    private static Path ytool;
    /** The installer's verdicts, by "file flavour": computed up front, a few at a time (each is ~90 processes). */
    private static final Map<String, Future<Installer>> VERDICTS = new ConcurrentHashMap<>();
    private static ExecutorService pool;

    @BeforeAll
    static void theInstallersOwnValidation() throws IOException {
        Path assets = Path.of("..", "assets").toAbsolutePath().normalize();
        scripts = assets.resolve("src/testos/initrd/usr/lib/testos");
        ytool = assets.resolve("target/testos/x86_64/ytool");
        assumeTrue(Files.isExecutable(ytool), "the test OS is not built (no " + ytool + "): mvn -B -pl assets package");
        pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Path path = file.toAbsolutePath();
                for (String flavour : List.of("tiny", "debian")) {
                    VERDICTS.put(file.getFileName() + " " + flavour, pool.submit(() -> installerValidation(path, flavour)));
                }
            }
        }
    }

    @AfterAll
    static void stopThePool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    static Stream<Arguments> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .flatMap(f -> Stream.of(Arguments.of(f.getFileName().toString(), "tiny"),
                            Arguments.of(f.getFileName().toString(), "debian"))).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("corpus")
    void theInstallerAndTheValidatorGiveTheVerdictTheContractPromises(String file, String flavour) throws Exception {
        Path path = CORPUS.resolve(file).toAbsolutePath();
        String content = Files.readString(path);
        Matcher expect = EXPECT.matcher(content);
        assertThat(expect.find()).as("%s states its verdict in a '# expect: tiny=... debian=...' line", file).isTrue();
        boolean accepted = (flavour.equals("tiny") ? expect.group(1) : expect.group(2)).equals("accept");

        Future<Installer> verdict = VERDICTS.get(file + " " + flavour);
        Installer installer = verdict.get(60, TimeUnit.SECONDS);
        ValidationReport report = AutoinstallValidator.forProfile(flavour.equals("tiny")
                ? ValidationProfile.PXELAB_TEST_OS : ValidationProfile.PXELAB_TEST_OS_DEBIAN).validate(file, content);

        assertThat(installer.exitCode() == 0).as("the installer on %s (%s): %s", file, flavour, installer.output())
                .isEqualTo(accepted);
        assertThat(report.errors().isEmpty()).as("the validator on %s (%s): %s", file, flavour, report.errors())
                .isEqualTo(accepted);
    }

    record Installer(int exitCode, String output) {
    }

    private static Installer installerValidation(Path userData, String flavour) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("busybox", "sh", scripts.resolve("autoinstall.sh").toString(),
                "validate", userData.toString(), flavour)).redirectErrorStream(true);
        pb.environment().put("PATH", ytool.getParent() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the installer's validation of " + userData + " did not finish in 30 s");
        }
        return new Installer(p.exitValue(), out);
    }
}
