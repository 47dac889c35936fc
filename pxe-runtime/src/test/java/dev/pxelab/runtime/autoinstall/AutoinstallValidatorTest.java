package dev.pxelab.runtime.autoinstall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutoinstallValidatorTest {

    private static final String SHA512 = "$6$Jq0mAcL1bS9qY7xE$gCTz1fUjLAwUSS71AEgenLs09Eertpu/mucRTLnBFk1zQOowszUT.e8Jbl.rGfsglzuOQjKxmHuoC9g9ZRCBB.";

    private final AutoinstallValidator validator = AutoinstallValidator.create();

    private static String withIdentity(String password, String more) {
        return """
                #cloud-config
                autoinstall:
                  version: 1
                  identity:
                    hostname: web-1
                    username: ubuntu
                    password: "%s"
                """.formatted(password) + more;
    }

    @Test
    void aPlainTextPasswordIsAWarningThatSaysWhereWhatAndHow() {
        // The installer writes identity.password to /etc/shadow as given: the install succeeds, but no
        // password typed at the login prompt will ever match. Advice, so a warning.
        ValidationReport report = validator.validate("web.yaml", withIdentity("secret", ""));

        assertThat(report.isValid()).isTrue();
        assertThat(report.problems()).containsExactly(new Problem(Severity.WARNING, "web.yaml", 7, 15,
                "autoinstall.identity.password", "the password is plain text; the installer expects it already hashed",
                Syntax.CRYPT_EXPECTED, "generate one with: mkpasswd -m sha-512 (Debian package whois)"));
        assertThat(report.lines()).containsExactly("web.yaml:7:15: warning: autoinstall.identity.password: the password is"
                + " plain text; the installer expects it already hashed (expected " + Syntax.CRYPT_EXPECTED + ") hint:"
                + " generate one with: mkpasswd -m sha-512 (Debian package whois)");
    }

    @Test
    void aQuotedBooleanWordLosesItsQuotesButOtherTextMustBecomeABoolean() {
        ValidationReport report = validator.validate("web.yaml", withIdentity(SHA512, """
                  ssh:
                    install-server: "yes please"
                    allow-pw: "no"
                """));

        assertThat(report.errors()).extracting(Problem::keyPath, Problem::hint).containsExactly(
                tuple("autoinstall.ssh.install-server", "write true or false"),
                tuple("autoinstall.ssh.allow-pw", "remove the quotes"));
    }

    @Test
    void theListOfWhatTheTestOsSupportsIsPrintedOnce() {
        ValidationReport report = AutoinstallValidator.forProfile(ValidationProfile.PXELAB_TEST_OS).validate("web.yaml",
                withIdentity(SHA512, "  locale: en_US.UTF-8\n  timezone: Etc/UTC\n  packages: [vim]\n"));

        assertThat(report.errors()).extracting(Problem::keyPath).containsExactly("autoinstall.locale",
                "autoinstall.timezone", "autoinstall.packages");
        assertThat(report.errors()).extracting(Problem::expected).filteredOn(expected -> expected != null).hasSize(1);
    }

    @Test
    void anUnknownKeyInAnObjectTheInstallersSchemaClosesIsAnError() {
        ValidationReport report = validator.validate("web.yaml", withIdentity(SHA512, """
                  keyboard:
                    layou: gb
                """));

        assertThat(report.lines()).containsExactly(
                "web.yaml:8:3: error: autoinstall.keyboard.layout: missing (expected a string)",
                "web.yaml:9:5: error: autoinstall.keyboard.layou: unknown key \"layou\"; no other keys are allowed"
                        + " here (expected one of layout, variant, toggle) hint: did you mean \"layout\"?");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            SHA512,
            "$6$rounds=10000$saltsalt$gBPfYRWvK8iOwjU/wKF6TP2CpUy1NaUuzJJETZL9SG3U6qIkSDEl/YdA6bGSLvtdDMqYS4DDeFfig391UK1r2/",
            "$5$saltsalt$xJSCwtgUo6tV/oAgqtVurZ/UOH.gQR164BUiTMTn0U3",
            "$y$j9T$PaMRSpO0Uyj0BGWYaPBa6.$D4Xb1b0qcZ2UIP8pm.4ZG3XlkR0gT7eFZW6zSW0yvA/"})
    void cryptedPasswordsInEveryAcceptedMethodAreValid(String hash) {
        assertThat(validator.validate("web.yaml", withIdentity(hash, "")).problems()).isEmpty();
    }

    @Test
    void md5CryptIsAcceptedWithAWarning() {
        ValidationReport report = validator.validate("web.yaml", withIdentity("$1$abcdefgh$Or.6ItRV0ajF9bZY1tNRo/", ""));

        assertThat(report.isValid()).isTrue();
        assertThat(report.warnings()).extracting(Problem::message).containsExactly("MD5 crypt is easy to crack");
    }

    @Test
    void yamlOneOneReadsYesAsTrue() {
        String content = withIdentity(SHA512, """
                  ssh:
                    install-server: yes
                    allow-pw: on
                """);

        assertThat(validator.validate("web.yaml", content).problems()).isEmpty();
    }

    @Test
    void allowPwWithoutAnyPasswordIsSuspicious() {
        String content = """
                #cloud-config
                autoinstall:
                  version: 1
                  ssh:
                    install-server: true
                    allow-pw: true
                  user-data:
                    users:
                      - name: ci
                        ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEBESGpHo ci@pxelab"]
                """;

        ValidationReport report = validator.validate("ci.yaml", content);

        assertThat(report.isValid()).isTrue();
        assertThat(report.lines()).containsExactly("ci.yaml:6:15: warning: autoinstall.ssh.allow-pw: password login is allowed"
                + " but no user gets a password hint: set identity.password, or use allow-pw: false with authorized-keys");
    }

    @Test
    void linesAndColumnsCountTheSameWithWindowsLineEndingsAndAByteOrderMark() {
        String content = "\uFEFF" + withIdentity("secret", "").replace("\n", "\r\n");

        Problem problem = validator.validate("web.yaml", content).problems().get(0);

        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.column()).isEqualTo(15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web-1", "web-1.lab.example", "a", "x0"})
    void rfc1123HostNamesAreValid(String hostname) {
        assertThat(Syntax.hostname(hostname)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_1", "-web", "web-", "web..lab", "", "a.b-.c",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void hostNamesOutsideRfc1123AreErrors(String hostname) {
        assertThat(Syntax.hostname(hostname)).isNotNull().extracting(Shape.Complaint::severity).isEqualTo(Severity.ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1/24", "10.0.0.0/8", "2001:db8::1/64", "::1/128", "fe80::1:2:3:4/10", "::ffff:192.0.2.1/96"})
    void interfaceAddressesNeedAPrefixLength(String address) {
        assertThat(Syntax.cidr(address)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "192.0.2.256/24", "192.0.2.1/33", "2001:db8::1/129", "2001:db8:::1/64",
            "1:2:3:4:5:6:7:8:9/64", "2001:db8::g/64", "web-1/24"})
    void malformedInterfaceAddressesAreErrors(String address) {
        assertThat(Syntax.cidr(address)).isNotNull();
    }

    @Test
    void aCloudConfigWithAutoinstallKeysAtTheTopLevelSaysToMoveThem() {
        String content = """
                #cloud-config
                version: 1
                identity:
                  hostname: web-1
                """;

        ValidationReport report = validator.validate("web.yaml", content);

        assertThat(report.kind()).isEqualTo(DocumentKind.PLAIN_CLOUD_CONFIG);
        assertThat(report.isValid()).isTrue();
        assertThat(report.lines()).containsExactly(
                "web.yaml: warning: autoinstall: no autoinstall section: this cloud-config configures an installed system"
                        + " but installs nothing hint: given to the installer it would ask its questions interactively;"
                        + " add autoinstall: with version: 1",
                "web.yaml:2:1: warning: version: an autoinstall key at the top level of a cloud-config; cloud-init ignores it"
                        + " hint: move it under autoinstall:",
                "web.yaml:3:1: warning: identity: an autoinstall key at the top level of a cloud-config; cloud-init ignores it"
                        + " hint: move it under autoinstall:");
    }

    @Test
    void theTestOsProfileRejectsWhatTheUbuntuProfileAccepts() {
        String content = withIdentity(SHA512, """
                  storage:
                    layout:
                      name: zfs
                """);

        assertThat(AutoinstallValidator.create().validate("web.yaml", content).isValid()).isTrue();
        assertThat(AutoinstallValidator.forProfile(ValidationProfile.PXELAB_TEST_OS).validate("web.yaml", content).lines())
                .containsExactly("web.yaml:10:13: error: autoinstall.storage.layout.name: zfs is not supported by the"
                        + " pxelab test OS (expected direct or lvm) hint: remove it, or validate with profile ubuntu and test it with"
                        + " Ubuntu's installer");
    }

    @Test
    void requireValidThrowsWithEveryProblemOrReturnsTheReport() {
        assertThatThrownBy(() -> validator.validate("web.yaml", withIdentity(SHA512, "  shutdown: halt\n")).requireValid())
                .isInstanceOf(InvalidAutoinstallException.class)
                .hasMessageStartingWith("web.yaml is not valid autoinstall user-data (1 error, profile ubuntu):\n"
                        + "web.yaml:8:13: error: autoinstall.shutdown: unknown value \"halt\"");
        ValidationReport valid = validator.validate("web.yaml", withIdentity(SHA512, ""));
        assertThat(valid.requireValid()).isSameAs(valid);
    }

    @Test
    void aPlainCloudConfigCannotInstallTheTestOs() {
        String content = "#cloud-config\nhostname: cache-2\n";

        ValidationReport report = AutoinstallValidator.forProfile(ValidationProfile.PXELAB_TEST_OS).validate("c.yaml", content);

        assertThat(report.kind()).isEqualTo(DocumentKind.PLAIN_CLOUD_CONFIG);
        assertThat(report.errors()).extracting(Problem::keyPath, Problem::message).containsExactly(tuple(
                "autoinstall", "no autoinstall section: this cloud-config configures an installed system but installs nothing"));
    }

    @Test
    void anEmptyFileIsAnError() {
        assertThat(validator.validate("empty.yaml", "").lines())
                .containsExactly("empty.yaml: error: the file is empty (expected #cloud-config with an autoinstall: section)");
    }

    @Test
    void validatesAFileByPathAndNamesItAsGiven(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("web.yaml"), withIdentity(SHA512, "  shutdown: halt\n"));

        ValidationReport report = validator.validate(file);

        assertThat(report.file()).isEqualTo(file.toString());
        assertThat(report.errors()).singleElement().extracting(Problem::file).isEqualTo(file.toString());
    }

    @Test
    void aMissingFileIsTheCallersMistakeNotAProblemOfTheFile(@TempDir Path directory) {
        assertThatThrownBy(() -> validator.validate(directory.resolve("nope.yaml")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEBESGpHo+aOw/HirD1GoN1dc6zAC+teb3NwfDC7GFPk ci@pxelab",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC3", "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= a b c",
            "from=\"192.0.2.0/24\",no-pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEBESGpHo ops"})
    void sshPublicKeysWithOrWithoutOptionsAndCommentsAreValid(String key) {
        assertThat(Syntax.sshPublicKey(key)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAAC3NzaC1lZDI1NTE5AAAAIEBESGpHo", "ssh-ed25519", "ssh-foo AAAA", "-----BEGIN OPENSSH PRIVATE KEY-----"})
    void whatIsNotAPublicKeyLineIsAnError(String key) {
        assertThat(Syntax.sshPublicKey(key)).isNotNull();
    }

    @Test
    void aCloudConfigArchiveIsNotCloudConfig() {
        String content = withIdentity(SHA512, "").replace("#cloud-config", "#cloud-config-archive");

        ValidationReport report = validator.validate("web.yaml", content);

        assertThat(report.kind()).isEqualTo(DocumentKind.AUTOINSTALL_FILE);
    }

    @Test
    void cloudConfigKeysSpeltWithDashesAreWarnedAboutThoughCloudConfigIsOpen() {
        String content = """
                #cloud-config
                ssh-authorized-keys:
                  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ci@lab
                x-custom: kept
                """;

        assertThat(validator.validate("c.yaml", content).warnings()).filteredOn(p -> !p.keyPath().equals("autoinstall"))
                .extracting(Problem::line, Problem::keyPath, Problem::hint)
                .containsExactly(tuple(2, "ssh-authorized-keys", "did you mean \"ssh_authorized_keys\"?"));
    }

    @Test
    void aUserKeyCloudInitDoesNotKnowIsAnErrorBecauseItsUserSchemaIsClosed() {
        String content = """
                #cloud-config
                users:
                  - name: admin
                    lock-passwd: false
                    x-custom: kept
                """;

        assertThat(validator.validate("c.yaml", content).errors()).extracting(Problem::line, Problem::keyPath)
                .containsExactly(tuple(5, "users[0].x-custom"));
    }

    @Test
    void suggestionsCatchUnderscoresAndSmallTypos() {
        assertThat(Suggestions.forKey("late_commands", AutoinstallModel.AUTOINSTALL.names())).isEqualTo("did you mean \"late-commands\"?");
        assertThat(Suggestions.forKey("identiy", AutoinstallModel.AUTOINSTALL.names())).isEqualTo("did you mean \"identity\"?");
        assertThat(Suggestions.forKey("hostname", AutoinstallModel.AUTOINSTALL.names())).isNull();
    }
}
