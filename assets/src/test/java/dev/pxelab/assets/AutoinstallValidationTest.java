package dev.pxelab.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
