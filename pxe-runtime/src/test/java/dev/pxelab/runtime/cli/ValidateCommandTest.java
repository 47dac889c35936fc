package dev.pxelab.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    private static final String GOOD = """
            #cloud-config
            autoinstall:
              version: 1
              identity:
                hostname: web-1
                username: ubuntu
                password: "$6$Jq0mAcL1bS9qY7xE$gCTz1fUjLAwUSS71AEgenLs09Eertpu/mucRTLnBFk1zQOowszUT.e8Jbl.rGfsglzuOQjKxmHuoC9g9ZRCBB."
              storage:
                layout:
                  name: zfs
            """;
    /** The installer's schema closes keyboard (additionalProperties: false): a misspelt key fails the install. */
    private static final String KEYBOARD_TYPO = GOOD + """
              keyboard:
                layout: gb
                varient: intl
            """;

    @TempDir
    Path directory;
    private Path good;
    private Path bad;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeFiles() throws IOException {
        good = Files.writeString(directory.resolve("good.yaml"), GOOD);
        bad = Files.writeString(directory.resolve("web.yaml"), KEYBOARD_TYPO);
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> stdout() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void validFilesExitZero() {
        assertThat(run("validate", good.toString())).isZero();
        assertThat(stdout()).containsExactly(good + ": ok", "1 file, 0 errors, 0 warnings");
    }

    @Test
    void anyErrorExitsOneWithACompilerStyleLinePerProblem() {
        assertThat(run("validate", good.toString(), bad.toString())).isEqualTo(1);
        assertThat(stdout()).containsExactly(
                good + ": ok",
                bad + ":13:5: error: autoinstall.keyboard.varient: unknown key \"varient\"; no other keys are"
                        + " allowed here (expected one of layout, variant, toggle) hint: did you mean \"variant\"?",
                "2 files, 1 error, 0 warnings");
    }

    @Test
    void theTestOsProfileIsAnOption() {
        assertThat(run("validate", "--profile", "pxelab-test-os", good.toString())).isEqualTo(1);
        assertThat(stdout()).first().asString().startsWith(good + ":10:13: error: autoinstall.storage.layout.name: zfs"
                + " is not supported by the pxelab test OS");
        assertThat(run("validate", "--profile=ubuntu", good.toString())).isZero();
    }

    @Test
    void aDebianInstallerPreseedIsCheckedLineByLineWithItsOwnProfile() throws IOException {
        Path preseed = Files.writeString(directory.resolve("web-1.cfg"),
                "d-i netcfg/get_hostname string web-1\nd-i partman/confirm boolean yes\n");

        assertThat(run("validate", "--profile", "debian-preseed", preseed.toString())).isEqualTo(1);
        assertThat(stdout()).containsExactly(preseed + ":2:29: error: partman/confirm: boolean value 'yes' is neither"
                + " true nor false hint: true or false, lower case, nothing after it", "1 file, 1 error, 0 warnings");
    }

    @Test
    void jsonIsMachineReadable() {
        assertThat(run("validate", "--format", "json", bad.toString())).isEqualTo(1);
        String path = bad.toString().replace("\\", "\\\\");
        assertThat(stdout()).containsExactly("{\"valid\":false,\"files\":[{\"file\":\"" + path + "\",\"kind\":"
                + "\"CLOUD_CONFIG_WITH_AUTOINSTALL\",\"profile\":\"ubuntu\",\"valid\":false,\"problems\":[{\"severity\":\"error\","
                + "\"line\":13,\"column\":5,\"keyPath\":\"autoinstall.keyboard.varient\",\"message\":\"unknown key"
                + " \\\"varient\\\"; no other keys are allowed here\",\"expected\":\"one of layout, variant,"
                + " toggle\",\"hint\":\"did you mean \\\"variant\\\"?\"}]}]}");
    }

    @Test
    void jsonEscapesWhatNeedsEscaping() {
        assertThat(ValidateCommand.JsonReport.string("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
        assertThat(ValidateCommand.JsonReport.string(null)).isEqualTo("null");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("validate")).isEqualTo(2);
        assertThat(run("validate", "--format", "xml", good.toString())).isEqualTo(2);
        assertThat(run("validate", "--profile", "debian", good.toString())).isEqualTo(2);
        assertThat(run("validate", "--frobnicate", good.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "pxelab: unknown command 'frobnicate'",
                "pxelab validate: no FILE given",
                "pxelab validate: unknown format 'xml': expected text or json",
                "pxelab validate: unknown profile 'debian': expected ubuntu, pxelab-test-os, pxelab-test-os-debian or debian-preseed",
                "pxelab validate: unknown option '--frobnicate'");
    }

    @Test
    void aMissingFileIsAUsageErrorButTheOthersAreStillValidated() {
        assertThat(run("validate", directory.resolve("nope.yaml").toString(), bad.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pxelab validate: cannot read " + directory.resolve("nope.yaml"));
        assertThat(stdout()).anyMatch(line -> line.startsWith(bad + ":13:5: error:"));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(stdout()).contains("usage: pxelab COMMAND [ARGS...]").anyMatch(line -> line.strip().startsWith("validate "));
    }

    /** tools/pxelab, as a person or CI runs it, from the module Maven has just built. */
    @Test
    void theScriptRunsTheCommandFromTheBuiltModule() throws Exception {
        Path script = Path.of("..", "tools", "pxelab").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(script.toString(), "validate", bad.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains(bad + ":13:5: error: autoinstall.keyboard.varient: unknown key");
    }
}
