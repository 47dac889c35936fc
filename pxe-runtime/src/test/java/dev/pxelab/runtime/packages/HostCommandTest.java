package dev.pxelab.runtime.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host commands run to their end, say everything, and do not outlive their timeout. */
class HostCommandTest {

    @Test
    void outputLargerThanAPipeIsDrainedWhileWaiting() {
        HostCommand.Result seq = HostCommand.run(List.of("seq", "1", "200000"), Duration.ofSeconds(30), null);

        assertThat(seq.succeeded()).isTrue();
        assertThat(seq.output()).startsWith("1\n2\n").endsWith("200000\n");
    }

    @Test
    void stdoutAndStderrArriveTogetherInTheCLocale() {
        HostCommand.Result both = HostCommand.run(List.of("sh", "-c", "echo out; echo err >&2; echo $LC_ALL; exit 3"),
                Duration.ofSeconds(30), null);

        assertThat(both.exitCode()).isEqualTo(3);
        assertThat(both.output()).isEqualTo("out\nerr\nC\n");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsStoppedWithItsChildren() throws Exception {
        long before = ProcessHandle.current().descendants().count();

        assertThatThrownBy(() -> HostCommand.run(List.of("sh", "-c", "echo started; sleep 60 & sleep 60"),
                Duration.ofMillis(500), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not finish within 0 s and was stopped")
                .hasMessageContaining("started");
        Thread.sleep(200);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count()).isEqualTo(before);
    }

    @Test
    void aMissingCommandSaysWhichOne() {
        assertThatThrownBy(() -> HostCommand.run(List.of("pxelab-no-such-tool"), Duration.ofSeconds(5), null))
                .hasMessageStartingWith("cannot run pxelab-no-such-tool");
    }
}
