package dev.pxelab.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.testing.ForeignDhcpServer;
import dev.pxelab.runtime.testing.PeerNamespace;
import dev.pxelab.runtime.testing.PeerNamespace.ProcessResult;
import dev.pxelab.runtime.testing.SegmentBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pxelab serve --interface NAME} and IPv6 router advertisements: on someone else's network
 * only when asked ({@code --ipv6-ra}) and only when no router answers there (radvd, started by the
 * test); rdisc6 on the machine's side sees what is sent.
 */
class ServeRouterAdvertisementsTest {

    static final String MAC = "52:54:00:00:00:42";

    @TempDir
    Path dir;

    @Test
    void sendsRouterAdvertisementsOnlyWhenAskedAndNoRouterIsThere() throws Exception {
        Path lab = labFile("192.168.122.1/24", "");
        try (PeerNamespace machine = PeerNamespace.create("192.168.122.1/24", MAC)) {
            try (ServeRun quiet = ServeRun.start(lab, "--interface", machine.hostSide())) {
                quiet.awaitServing();
                assertThat(rdisc6(machine).exitCode()).as("no --ipv6-ra: no advertisements").isNotZero();
            }
            try (ServeRun advertising = ServeRun.start(lab, "--interface", machine.hostSide(), "--ipv6-ra")) {
                advertising.awaitServing();
                assertThat(advertising.out()).contains("IPv6 router advertisements sent (no other router answered)");
                assertThat(rdisc6(machine).assertSucceeded().output()).contains("Router lifetime", "0 (0x00000000) seconds");
            }
        }
    }

    @Test
    void sendsNoRouterAdvertisementsWhereARouterAnswers() throws Exception {
        try (PeerNamespace router = PeerNamespace.create("192.168.123.1/24")) {
            Path conf = dir.resolve("radvd.conf");
            Files.writeString(conf, "interface " + router.peerSide() + " { AdvSendAdvert on;"
                    + " MinRtrAdvInterval 30; MaxRtrAdvInterval 100; };\n");
            Process radvd = router.builder("radvd", "--nodaemon", "-C", conf.toString(), "-p", dir.resolve("radvd.pid")
                    .toString(), "-m", "stderr").redirectErrorStream(true).redirectOutput(dir.resolve("radvd.log").toFile())
                    .start();
            try {
                // radvd needs a link-local address, which comes after DAD.
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ProcessResult.run(Duration.ofSeconds(5),
                        List.of("rdisc6", "-1", "-n", "-r", "1", "-w", "1000", router.hostSide())).exitCode() == 0);
                try (ServeRun serve = ServeRun.start(labFile("192.168.123.1/24", ""), "--interface", router.hostSide(),
                        "--ipv6-ra")) {
                    serve.awaitServing();
                    assertThat(serve.out()).containsPattern("IPv6 router advertisements not sent: router fe80:[0-9a-f:]+ is there");
                }
            } finally {
                radvd.destroy();
                radvd.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private Path labFile(String address, String hostFields) throws Exception {
        Path lab = dir.resolve("lab.yaml");
        Files.writeString(lab, "address: " + address + "\nhttp-port: 80\nhosts:\n  - mac: " + MAC + "\n" + hostFields);
        return lab;
    }

    private static ProcessResult rdisc6(PeerNamespace machine) throws Exception {
        return machine.run(Duration.ofSeconds(10), "rdisc6", "-1", "-n", "-r", "2", "-w", "1500", machine.peerSide());
    }
}
