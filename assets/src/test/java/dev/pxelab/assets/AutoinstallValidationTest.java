package dev.pxelab.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The installer's reading of autoinstall user-data, run on the build host exactly as the
 * installer runs it in the initramfs: busybox sh + autoinstall.sh + the static ytool.
 */
class AutoinstallValidationTest {

    record Result(int exitCode, String output) {}

    static Result validate(Path userData) throws IOException, InterruptedException {
        Path scripts = Path.of(System.getProperty("pxelab.testos.src", "src/testos")).resolve("initrd/usr/lib/testos");
        ProcessBuilder pb = new ProcessBuilder("busybox", "sh", scripts.resolve("autoinstall.sh").toString(),
                "validate", userData.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", TestOsBuild.locate().ytool().getParent() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("validation of " + userData + " did not finish in 30 s");
        }
        return new Result(p.exitValue(), out);
    }

    static Path sample(String name) {
        return Path.of("src/test/resources/user-data", name).toAbsolutePath();
    }

    @Test
    void acceptsEverySupportedKey() throws Exception {
        assertThat(validate(sample("valid.yaml"))).isEqualTo(new Result(0, ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unsupported-key.yaml            | unsupported autoinstall key 'packages'
        unsupported-nested-key.yaml     | unsupported autoinstall key 'ssh.foo'
        zfs-layout.yaml                 | storage layout 'zfs' is not supported (direct, lvm)
        not-a-boolean.yaml              | 'ssh.allow-pw' must be true or false, not 'maybe'
        bad-yaml.yaml                   | user-data is not valid YAML: line 5
        no-cloud-config-header.yaml     | does not start with '#cloud-config'
        wrong-version.yaml              | 'version' must be 1, not '2'
        no-identity.yaml                | 'identity' is required when there is no 'user-data'
        top-level-cloud-config.yaml     | unsupported key 'users' at the top level of user-data
        unsupported-reporter.yaml       | reporting type 'journald' of 'reporting.hook' is not supported
        bad-hostname.yaml               | 'identity.hostname' 'bad host' is not a valid host name
        """)
    void refusesWhatItCannotHonourAndSaysWhy(String file, String expected) throws Exception {
        Result result = validate(sample(file));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains(expected);
    }

    @Test
    void ytoolReadsScalarsListsAndJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("u.yaml");
        Files.writeString(f, """
            a:
              list: [x, {k: "v w"}]
              yes: on
              text: |
                two
                lines
            """);
        assertThat(ytool("get", f.toString(), "a.list.1.k")).isEqualTo("v w");
        assertThat(ytool("len", f.toString(), "a.list")).isEqualTo("2\n");
        assertThat(ytool("bool", f.toString(), "a.yes")).isEqualTo("true\n");
        assertThat(ytool("get", f.toString(), "a.text")).isEqualTo("two\nlines\n");
        assertThat(ytool("type", f.toString(), "a.nope")).isEqualTo("missing\n");
        assertThat(ytool("json", f.toString(), "a")).isEqualTo(
                "{\"list\":[\"x\",{\"k\":\"v w\"}],\"yes\":true,\"text\":\"two\\nlines\\n\"}\n");
    }

    @Test
    void ytoolFlatHoldsAWholeFileAsShellVariables(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("u.yaml");
        Files.writeString(f, """
            a:
              list: [x, {k: "it's"}]
              on-off: on
              text: |
                two
                lines

              a.b: not reachable
              c_d: ~
            """);
        assertThat(ytool("flat", f.toString(), "_p")).isEqualTo("""
            _pt__d=map
            _pk__d='a'
            _pt_a=map
            _pk_a='list
            on-off
            text
            a.b
            c_d'
            _pt_a_dlist=seq
            _pl_a_dlist=2
            _pt_a_dlist_d0=str
            _pv_a_dlist_d0='x'
            _pt_a_dlist_d1=map
            _pk_a_dlist_d1='k'
            _pt_a_dlist_d1_dk=str
            _pv_a_dlist_d1_dk='it'\\''s'
            _pt_a_don_moff=str
            _pv_a_don_moff='on'
            _pb_a_don_moff=true
            _pt_a_dtext=str
            _pv_a_dtext='two
            lines'
            _pt_a_dc_ud=null
            _pv_a_dc_ud='~'
            """);
    }

    @Test
    void ytoolFlatRefusesWhatAliasesMultiply(@TempDir Path dir) throws Exception {
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 6; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        Path f = dir.resolve("laughs.yaml");
        Files.writeString(f, laughs);
        Process p = new ProcessBuilder(TestOsBuild.locate().ytool().toString(), "flat", f.toString(), "_p").start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("too big for flat: the shell asks ytool question by question").isEqualTo(4);
    }

    /**
     * The installer asks its questions of one {@code ytool flat} per file (a process per question
     * made validation slow); whatever it asks, the answer is ytool's own, message and status alike.
     */
    @Test
    void ytAnswersAsYtoolDoes() throws Exception {
        Path scripts = Path.of(System.getProperty("pxelab.testos.src", "src/testos")).resolve("initrd/usr/lib/testos");
        ProcessBuilder pb = new ProcessBuilder("busybox", "sh", Path.of("src/test/resources/yt/check.sh").toString(),
                scripts.resolve("autoinstall.sh").toString(), Path.of("src/test/resources/yt/questions.yaml").toString())
                .redirectErrorStream(true);
        pb.environment().put("PATH", TestOsBuild.locate().ytool().getParent() + ":" + System.getenv("PATH"));
        pb.environment().put("TESTOS_CONTRACT", scripts.resolve("contract.yaml").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).endsWith(" 0 answers differ").doesNotStartWith("0 questions");
    }

    @Test
    void ytoolEventHasCurtinsShape() throws Exception {
        String event = ytool("event", "subiquity/Install", "finish", "done \"quoted\"", "FAIL");
        assertThat(event).startsWith("{\"name\":\"subiquity/Install\",\"description\":\"done \\\"quoted\\\"\","
                + "\"event_type\":\"finish\",\"origin\":\"curtin\",\"timestamp\":")
                .contains("\"result\":\"FAIL\"");
    }

    static String ytool(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = TestOsBuild.locate().ytool().toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
