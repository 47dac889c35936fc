package dev.pxelab.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Broken user-data ends the install with a FAIL finish event of subiquity/Install naming the
 * cause. Bad YAML cannot name its own webhook: there the command line's testos.report=URL is used.
 */
class InstallFailureIT {
    static final Path WORK = Path.of("target/testos-it").toAbsolutePath();
    StandInProvisioner provisioner;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(WORK);
        provisioner = new StandInProvisioner(TestOsBuild.locate().tinyImage());
    }

    @AfterEach
    void stop() {
        provisioner.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        bad-yaml          | user-data is not valid YAML: line 5
        unsupported-key   | unsupported autoinstall key 'packages'
        failing-late-cmd  | late-commands[0] failed with exit status 3: exit 3
        """)
    void failsWithTheCause(String name, String expectedCause) throws Exception {
        String hook = provisioner.hookUrl();
        String common = "#cloud-config\nautoinstall:\n  version: 1\n"
                + "  identity: {hostname: h, username: u, password: x}\n"
                + "  reporting: {hook: {type: webhook, endpoint: '" + hook + "'}}\n";
        String userData = switch (name) {
            case "bad-yaml" -> "#cloud-config\nautoinstall:\n  version: 1\n  identity: [unclosed\n";
            case "unsupported-key" -> common + "  packages: [vim]\n";
            default -> common + "  late-commands: ['exit 3']\n";
        };
        provisioner.serve(Qemu.MAC, userData, "instance-id: i-1\n");
        Path disk = WORK.resolve("fail-" + name + ".img");
        Files.deleteIfExists(disk);
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) { f.setLength(256L << 20); }
        String append = TestOsBuild.kernelCommandLine(provisioner.seedUrl(Qemu.MAC), hook);
        try (Qemu qemu = Qemu.installer(disk, append, WORK.resolve("fail-" + name + ".log"))) {
            StandInProvisioner.Event result = provisioner.awaitFinalResult(Duration.ofSeconds(180), qemu.handle());
            System.out.printf("TESTOS-BENCH failure/%s: QEMU start -> FAIL event %.1f s%n", name,
                    (result.receivedMillis() - qemu.startedMillis) / 1000.0);
            assertThat(result.field("result")).as(result.json()).isEqualTo("FAIL");
            assertThat(result.field("description")).contains(expectedCause);
        }
        Files.deleteIfExists(disk);
    }
}
