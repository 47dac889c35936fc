package dev.pxelab.runtime.packages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading apt-get's answers, as apt 2.6 (bookworm) prints them in the C locale. */
class AptOutputTest {

    @Test
    void aSimulationListsWhatWouldBeUnpackedWithVersionAndArchitecture() {
        String simulation = """
                Reading package lists...
                The following NEW packages will be installed:
                  jq libjq1 libonig5 perl
                Inst perl-base [5.36.0-7+deb12u1] (5.36.0-7+deb12u4 Debian:12.15/oldstable [amd64])
                Inst libsensors5 (1:3.6.0-7.1 Debian:12.15/oldstable [amd64])
                Inst libicu72 (72.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64])
                Inst nginx-common (1.22.1-9+deb12u12 Debian-Security:12/oldstable-security [all])
                Inst libc6:i386 (2.36-9+deb12u10 Debian:12.15/oldstable [i386])
                Conf libsensors5 (1:3.6.0-7.1 Debian:12.15/oldstable [amd64])
                """;

        assertThat(AptOutput.installs(simulation)).containsExactly(
                new DebFile("perl-base", "5.36.0-7+deb12u4", "amd64", 0),
                new DebFile("libsensors5", "1:3.6.0-7.1", "amd64", 0),
                new DebFile("libicu72", "72.1-3+deb12u1", "amd64", 0),
                new DebFile("nginx-common", "1.22.1-9+deb12u12", "all", 0),
                new DebFile("libc6", "2.36-9+deb12u10", "i386", 0));
    }

    @Test
    void theFileNameIsAptsWithTheEpochColonEscaped() {
        assertThat(new DebFile("libsensors5", "1:3.6.0-7.1", "amd64", 0).fileName())
                .isEqualTo("libsensors5_1%3a3.6.0-7.1_amd64.deb");
    }

    @Test
    void unknownNamesAreTheOnesAptCannotLocate() {
        String refusal = """
                Reading package lists...
                E: Unable to locate package nginxx
                E: Unable to locate package jqq
                """;

        assertThat(AptOutput.unknown(refusal)).containsExactly("nginxx", "jqq");
    }

    @Test
    void aVirtualPackageWithoutCandidateIsUnavailableAndItsProvidersAreTheReason() {
        String refusal = """
                Package mail-transport-agent is a virtual package provided by:
                  exim4-daemon-light 4.96-15+deb12u11
                  postfix 3.7.11-0+deb12u1

                E: Package 'mail-transport-agent' has no installation candidate
                """;

        assertThat(AptOutput.unknown(refusal)).isEmpty();
        assertThat(AptOutput.unavailable(refusal)).containsExactly("mail-transport-agent");
        assertThat(AptOutput.reasons(refusal)).isEqualTo("""
                Package mail-transport-agent is a virtual package provided by:
                  exim4-daemon-light 4.96-15+deb12u11
                  postfix 3.7.11-0+deb12u1
                E: Package 'mail-transport-agent' has no installation candidate""");
    }

    @Test
    void aMissingVersionOrReleaseNamesThePackage() {
        assertThat(AptOutput.unavailable("E: Version '2.30' for 'libc6' was not found\n"
                + "E: Release 'sid' for 'jq' was not found\n")).containsExactly("libc6", "jq");
    }

    @Test
    void conflictsKeepAptsExplanationAndDropItsBoilerplate() {
        String refusal = """
                Reading package lists...
                Building dependency tree...
                Reading state information...
                Some packages could not be installed. This may mean that you have
                requested an impossible situation or if you are using the unstable
                distribution that some required packages have not yet been created
                or been moved out of Incoming.
                The following information may help to resolve the situation:

                The following packages have unmet dependencies:
                 exim4-config : Conflicts: postfix but 3.7.11-0+deb12u1 is to be installed
                 exim4-daemon-light : Conflicts: mail-transport-agent
                 postfix : Conflicts: mail-transport-agent
                E: Unable to correct problems, you have held broken packages.
                """;

        assertThat(AptOutput.reasons(refusal)).isEqualTo("""
                The following packages have unmet dependencies:
                 exim4-config : Conflicts: postfix but 3.7.11-0+deb12u1 is to be installed
                 exim4-daemon-light : Conflicts: mail-transport-agent
                 postfix : Conflicts: mail-transport-agent
                E: Unable to correct problems, you have held broken packages.""");
        assertThat(AptOutput.unknown(refusal)).isEmpty();
    }
}
