package dev.pxelab.junit;

import static dev.pxelab.junit.PxeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.ssh.CommandResult;
import org.junit.jupiter.api.Test;

class CommandResultAssertTest {

    private final CommandResult active = new CommandResult("systemctl is-active ssh", 0, "active\n", "");
    private final CommandResult missing = new CommandResult("cat /etc/marker", 1, "", "cat: /etc/marker: No such file\n");

    @Test
    void passingAssertionsChain() {
        assertThat(active).succeeded().hasExitStatus(0).hasStdout("active").hasStdoutContaining("act");
        assertThat(missing).failed().hasExitStatus(1).hasStderrContaining("No such file");
    }

    @Test
    void aFailedCommandReadsAsASentenceWithItsOutput() {
        assertThatThrownBy(() -> assertThat(missing).succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected `cat /etc/marker` to succeed, but it exited 1.\nstderr: cat: /etc/marker: No such file");
    }

    @Test
    void aResultFromATargetNamesItsMacAndHostname() {
        CommandResult onWeb = missing.on("52:54:00:00:00:11 (web-1)");

        assertThatThrownBy(() -> assertThat(onWeb).succeeded())
                .hasMessage("Expected `cat /etc/marker` on target 52:54:00:00:00:11 (web-1) to succeed, but it exited 1."
                        + "\nstderr: cat: /etc/marker: No such file");
        assertThatThrownBy(() -> assertThat(onWeb).hasStdout("marker"))
                .hasMessageStartingWith("Expected `cat /etc/marker` on target 52:54:00:00:00:11 (web-1) to print 'marker'");
    }

    @Test
    void wrongOutputShowsWhatWasPrinted() {
        assertThatThrownBy(() -> assertThat(active).hasStdout("inactive"))
                .hasMessage("Expected `systemctl is-active ssh` to print 'inactive', but it printed 'active'.\nstdout: active");
    }

    @Test
    void aTimeoutSaysSo() {
        CommandResult killed = new CommandResult("sleep 100", 137, "", "", true);

        assertThatThrownBy(() -> assertThat(killed).hasExitStatus(0))
                .hasMessage("Expected `sleep 100` to exit 0, but it did not end within its timeout.");
        assertThatThrownBy(() -> assertThat(killed).succeeded())
                .hasMessage("Expected `sleep 100` to succeed, but it did not end within its timeout.");
        assertThat(killed).timedOut();
    }

    @Test
    void aCommandThatEndedByItselfDidNotTimeOut() {
        assertThatThrownBy(() -> assertThat(missing).timedOut())
                .hasMessage("Expected `cat /etc/marker` to run past its timeout, but it exited 1."
                        + "\nstderr: cat: /etc/marker: No such file");
    }

    @Test
    void aSucceedingCommandExpectedToFail() {
        assertThatThrownBy(() -> assertThat(active).failed())
                .hasMessage("Expected `systemctl is-active ssh` to fail, but it exited 0.\nstdout: active");
    }

    @Test
    void theMessageNamesTheTargetWhenTheCommandRanThroughTargetAssert() {
        CommandResultAssert onTarget = new CommandResultAssert(missing, "target 52:54:00:00:00:01 (web-1)");
        assertThatThrownBy(onTarget::succeeded).hasMessageStartingWith(
                "Expected `cat /etc/marker` on target 52:54:00:00:00:01 (web-1) to succeed, but it exited 1.");
    }
}
