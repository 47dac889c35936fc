package dev.pxelab.runtime.autoinstall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test OS's installer and pxelab's validator read one contract, so they reach one verdict: each
 * file of the corpus (src/test/resources/test-os-contract, one rule each) is checked by the
 * installer's own validation — busybox sh, autoinstall.sh and ytool, called as the installer calls
 * it in the initramfs — and by the validator's test OS profile, for both flavours, and both must
 * give the verdict the file states.
 */
class TestOsContractParityTest {

    private static final Path CORPUS = Path.of("src/test/resources/test-os-contract");
    private static final Pattern EXPECT = Pattern.compile("^# expect: tiny=(accept|reject) debian=(accept|reject)$",
            Pattern.MULTILINE);
    /**
     * What installer.sh does with the user-data it fetched, for each file and both flavours: source
     * autoinstall.sh and run {@code validate_user_data} in a command substitution. One shell does a
     * share of the corpus, so the contract is read once per shell; each verdict is a record
     * {@code \036FLAVOUR STATUS FILE\nOUTPUT\n}.
     */
    private static final String INSTALLERS_VALIDATION = """
            . "$1/autoinstall.sh"
            shift
            for f in "$@"; do
              for flavour in tiny debian; do
                out=$(validate_user_data "$f" "$flavour" 2>&1)
                printf '\\036%s %s %s\\n%s\\n' "$flavour" "$?" "$f" "$out"
              done
            done
            """;
    private static final Pattern VERDICT = Pattern.compile("\u001e(tiny|debian) (\\d+) ([^\n]*)\n([^\u001e]*)");

    /** The installer's verdicts, by "file flavour". */
    private static final Map<String, Installer> VERDICTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void theInstallersOwnValidation() throws Exception {
        Path assets = Path.of("..", "assets").toAbsolutePath().normalize();
        Path scripts = assets.resolve("src/testos/initrd/usr/lib/testos");
        Path ytool = assets.resolve("target/testos/x86_64/ytool");
        assumeTrue(Files.isExecutable(ytool), "the test OS is not built (no " + ytool + "): mvn -B -pl assets package");
        List<String> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().map(f -> f.toAbsolutePath().toString())
                    .toList();
        }
        // two shells, half the corpus each: the machines this runs on have two cores or more
        List<Process> shells = new ArrayList<>();
        for (List<String> share : List.of(files.subList(0, files.size() / 2), files.subList(files.size() / 2, files.size()))) {
            List<String> command = new ArrayList<>(List.of("busybox", "sh", "-c", INSTALLERS_VALIDATION, "parity",
                    scripts.toString()));
            command.addAll(share);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("PATH", ytool.getParent() + ":" + System.getenv("PATH"));
            pb.environment().put("TESTOS_CONTRACT", scripts.resolve("contract.yaml").toString());
            shells.add(pb.start());
        }
        for (Process shell : shells) {
            String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!shell.waitFor(120, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
                throw new AssertionError("the installer's validation of the corpus did not finish in 120 s");
            }
            Matcher verdict = VERDICT.matcher(out);
            while (verdict.find()) {
                VERDICTS.put(Path.of(verdict.group(3)).getFileName() + " " + verdict.group(1),
                        new Installer(Integer.parseInt(verdict.group(2)), verdict.group(4).strip()));
            }
        }
        assertThat(VERDICTS).as("a verdict for every file and flavour").hasSize(2 * files.size());
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

        Installer installer = VERDICTS.get(file + " " + flavour);
        ValidationReport report = AutoinstallValidator.forProfile(flavour.equals("tiny")
                ? ValidationProfile.PXELAB_TEST_OS : ValidationProfile.PXELAB_TEST_OS_DEBIAN).validate(file, content);

        assertThat(installer.exitCode() == 0).as("the installer on %s (%s): %s", file, flavour, installer.output())
                .isEqualTo(accepted);
        assertThat(report.errors().isEmpty()).as("the validator on %s (%s): %s", file, flavour, report.errors())
                .isEqualTo(accepted);
    }

    record Installer(int exitCode, String output) {
    }
}
