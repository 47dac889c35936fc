package dev.pxelab.runtime.preseed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.autoinstall.ValidationReport;
import org.junit.jupiter.api.Test;

/**
 * {@code pxelab validate --profile debian-preseed}: a preseed file is read the way d-i's
 * debconf-set-selections reads it, and every line d-i would not take as its author meant is
 * reported with file and line.
 */
class PreseedValidatorTest {

    private static ValidationReport validate(String text) {
        return PreseedValidator.validate("web-1.cfg", text);
    }

    @Test
    void aTypicalUnattendedPreseedIsValid() {
        ValidationReport report = validate("""
                # Localisation
                d-i debian-installer/locale string en_US.UTF-8
                d-i keyboard-configuration/xkb-keymap select us
                d-i netcfg/choose_interface select auto
                d-i netcfg/get_hostname string web-1
                d-i passwd/root-login boolean false
                d-i passwd/user-fullname string Lab User
                d-i passwd/username string lab
                d-i passwd/user-password-crypted password $6$rounds=4096$salt$hash
                d-i partman-auto/method string regular
                d-i partman/confirm boolean true
                tasksel tasksel/first multiselect standard, ssh-server
                d-i pkgsel/include string openssh-server curl
                d-i preseed/late_command string \\
                    in-target sh -c 'echo web > /etc/role'; \\
                    echo done
                d-i finish-install/reboot_in_progress note
                """);

        assertThat(report.isValid()).as(report.lines().toString()).isTrue();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void continuedLinesJoinIntoOneAnswerThatStartsOnItsFirstLine() {
        Preseed preseed = PreseedValidator.parse("x.cfg", """
                d-i netcfg/get_hostname string web-1
                d-i preseed/late_command string \\
                    in-target touch /etc/a; \\
                    in-target touch /etc/b
                """);

        PreseedAnswer late = preseed.answers().get(1);
        assertThat(late.line()).isEqualTo(2);
        assertThat(late.value()).isEqualTo("    in-target touch /etc/a;     in-target touch /etc/b");
    }

    @Test
    void theValueIsEverythingAfterOneBlankAndMayBeEmpty() {
        Preseed preseed = PreseedValidator.parse("x.cfg", """
                d-i passwd/user-fullname string  Two  Blanks
                d-i finish-install/reboot_in_progress note
                """);

        assertThat(preseed.value("passwd/user-fullname")).contains(" Two  Blanks");
        assertThat(preseed.value("finish-install/reboot_in_progress")).contains("");
    }

    @Test
    void aLineWithoutATypeIsAnErrorNamingTheLine() {
        ValidationReport report = validate("""
                d-i netcfg/get_hostname string web-1
                d-i partman/confirm
                """);

        assertThat(report.isValid()).isFalse();
        assertThat(report.lines()).singleElement().asString()
                .startsWith("web-1.cfg:2:1: error: not an answer: 'd-i partman/confirm'")
                .contains("owner question type value");
    }

    @Test
    void anUnknownTypeIsAnErrorBecauseDiSkipsTheLine() {
        ValidationReport report = validate("d-i netcfg/get_hostname String web-1\n");

        assertThat(report.lines()).singleElement().asString()
                .startsWith("web-1.cfg:1:25: error: netcfg/get_hostname: unknown type 'String' (d-i skips the line)")
                .contains("types are lower case: 'string'");
    }

    @Test
    void aBooleanMustBeTrueOrFalse() {
        ValidationReport report = validate("d-i partman/confirm boolean yes\n");

        assertThat(report.lines()).singleElement().asString()
                .startsWith("web-1.cfg:1:29: error: partman/confirm: boolean value 'yes' is neither true nor false");
    }

    @Test
    void aQuestionAnsweredTwiceWithDifferentValuesIsAWarningThatTheLaterWins() {
        ValidationReport report = validate("""
                d-i netcfg/get_hostname string web-1
                d-i netcfg/get_hostname string web-2
                """);

        assertThat(report.isValid()).isTrue();
        assertThat(report.lines()).singleElement().asString()
                .startsWith("web-1.cfg:2:5: warning: netcfg/get_hostname is answered again; line 1's 'web-1' is replaced by 'web-2'");
        assertThat(PreseedValidator.parse("x", "d-i a/b string 1\nd-i a/b string 2\n").value("a/b")).contains("2");
    }

    @Test
    void aQuestionNameWithoutSlashIsAWarning() {
        assertThat(validate("d-i netcfg_get_hostname string web-1\n").lines()).singleElement().asString()
                .contains("warning: question 'netcfg_get_hostname' has no '/'");
    }

    @Test
    void commentsAndBlankLinesAreSkippedButAFileOfNothingElseIsAWarning() {
        ValidationReport report = validate("# nothing yet\n\n   \n");

        assertThat(report.isValid()).isTrue();
        assertThat(report.lines()).singleElement().asString().contains("no answers");
    }

    @Test
    void aCloudConfigGivenAsPreseedIsRefusedWithTheRightProfileNamed() {
        ValidationReport report = validate("#cloud-config\nautoinstall:\n  version: 1\n");

        assertThat(report.lines()).singleElement().asString()
                .contains("this is a cloud-config (autoinstall user-data), not a preseed file")
                .contains("--profile ubuntu");
    }

    @Test
    void windowsLineEndingsReadAsD_iReadsThem() {
        assertThat(validate("d-i netcfg/get_hostname string web-1\r\nd-i partman/confirm boolean true\r\n").isValid())
                .isTrue();
        assertThat(PreseedValidator.parse("x", "d-i netcfg/get_hostname string web-1\r\n").value("netcfg/get_hostname"))
                .contains("web-1");
    }
}
