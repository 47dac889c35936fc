package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.lab.CloudInitPoll.State;
import org.junit.jupiter.api.Test;

/**
 * Readiness polls cloud-init through its marker files and asks {@code cloud-init status} only
 * when they cannot decide; these are the answers the poll's shell command gives.
 */
class CloudInitPollTest {

    @Test
    void theLastStagesResultFileWithoutErrorsMeansDone() {
        CloudInitPoll poll = CloudInitPoll.parse("""
                result.json:
                {
                 "v1": {
                  "datasource": "DataSourceNoCloud [seed=/var/lib/cloud/seed/nocloud][dsmode=net]",
                  "errors": []
                 }
                }
                """);

        assertThat(poll.state()).isEqualTo(State.DONE);
        assertThat(poll.finished()).isTrue();
    }

    @Test
    void errorsOfAnyStageInTheResultFileMeanError() {
        CloudInitPoll poll = CloudInitPoll.parse("""
                result.json:
                {
                 "v1": {
                  "datasource": "DataSourceNoCloud [seed=/var/lib/cloud/seed/nocloud][dsmode=net]",
                  "errors": [
                   "('scripts_user', RuntimeError('Runparts: 1 failures (runcmd) in 1 attempted commands'))"
                  ]
                 }
                }
                """);

        assertThat(poll.state()).isEqualTo(State.ERROR);
        assertThat(poll.errors()).singleElement().asString().contains("scripts_user");
    }

    @Test
    void enabledWithoutAResultIsStillRunning() {
        assertThat(CloudInitPoll.parse("status: running\n").finished()).isFalse();
    }

    @Test
    void aSystemWithoutCloudInitIsFinishedAtOnce() {
        assertThat(CloudInitPoll.parse("status: absent\n").state()).isEqualTo(State.ABSENT);
    }

    @Test
    void whenTheMarkersCannotDecideCloudInitsOwnStatusDoes() {
        assertThat(CloudInitPoll.parse("status: disabled\n").state()).isEqualTo(State.DISABLED);
        assertThat(CloudInitPoll.parse("status: done\n").state()).isEqualTo(State.DONE);
        assertThat(CloudInitPoll.parse("status: error\n").state()).isEqualTo(State.ERROR);
        assertThat(CloudInitPoll.parse("status: not run\n").finished()).isFalse();
    }

    @Test
    void aResultFileReadHalfWrittenIsAskedAgain() {
        assertThat(CloudInitPoll.parse("result.json:\n{\n \"v1\": {\n  \"datasource\": \"DataSourceNo").finished())
                .isFalse();
    }

    @Test
    void noAnswerAtAllIsNotFinished() {
        assertThat(CloudInitPoll.parse("").finished()).isFalse();
    }
}
