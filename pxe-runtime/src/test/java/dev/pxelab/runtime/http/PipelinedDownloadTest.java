package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apt's pipelined downloads of the lab's packages (docs/http.md, "A corrupted pipelined download"):
 * Undertow mixed the bytes of pipelined file responses (request text and other files inside a
 * .deb) whenever the socket took less than offered, as it does to a slow guest. The server answers
 * every file with {@code Connection: close}, so a connection never carries a second file and apt
 * sends what it had queued again on a new connection. The mixing itself needs small socket buffers
 * to show (reproduced in a network namespace, not on loopback); these tests hold the behaviour that
 * rules it out, and that a pipelining client gets every byte right.
 */
class PipelinedDownloadTest {

    @TempDir static Path work;
    static Path packages;
    static final List<String> PATHS = new ArrayList<>();
    static final List<byte[]> FILES = new ArrayList<>();
    static RunningServer http;

    @BeforeAll
    static void start() throws Exception {
        packages = Files.createDirectories(work.resolve("packages"));
        Random random = new Random(16);
        // sizes of the lab's seven packages in the failed run; libjq1 is the third
        int[] sizes = {288_684, 64_432, 136_460, 187_828, 115_632, 532_740, 1_079_352};
        for (int i = 0; i < sizes.length; i++) {
            byte[] deb = new byte[sizes[i]];
            random.nextBytes(deb);
            Files.write(packages.resolve("p" + i + "_1.0_amd64.deb"), deb);
            PATHS.add("/packages/p" + i + "_1.0_amd64.deb");
            FILES.add(deb);
        }
        http = RunningServer.with(HttpServerConfig.builder().port(0).packageRoot(packages).build(), work);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    PipeliningClient client() {
        return new PipeliningClient(http.server.address());
    }

    @Test
    void aFileAnswerClosesTheConnectionSoNoSecondPipelinedFileFollowsOnIt() throws Exception {
        PipeliningClient.Round round = client().oneConnection(PATHS);

        assertThat(round.answers()).hasSize(1);
        assertThat(round.closedByServer()).isTrue();
        PipeliningClient.Answer first = round.answers().get(0);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.connection()).isEqualTo("close");
        assertThat(first.body()).isEqualTo(FILES.get(0));
    }

    @Test
    void aPipeliningClientGetsEveryFileIntactOneConnectionEach() throws Exception {
        for (int repeat = 0; repeat < 5; repeat++) {
            List<PipeliningClient.Round> rounds = client().fetchAll(PATHS);

            assertThat(rounds).hasSize(PATHS.size());
            List<PipeliningClient.Answer> answers = rounds.stream().flatMap(r -> r.answers().stream()).toList();
            for (int i = 0; i < PATHS.size(); i++) {
                assertThat(answers.get(i).path()).isEqualTo(PATHS.get(i));
                assertThat(answers.get(i).status()).as(PATHS.get(i)).isEqualTo(200);
                assertThat(answers.get(i).body()).as(PATHS.get(i)).isEqualTo(FILES.get(i));
            }
        }
    }

    @Test
    void scriptsAndDocumentsKeepTheirConnectionAlive() throws Exception {
        PipeliningClient.Round round = client().oneConnection(List.of("/user-data", "/user-data"));

        assertThat(round.answers()).hasSize(2);
        assertThat(round.answers()).extracting(PipeliningClient.Answer::connection).doesNotContain("close");
    }
}
