package dev.pxelab.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.testing.PeerNamespace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pxelab serve LABFILE}: the provisioner standalone. It creates the lab's bridge, answers
 * the machines on it and prints their progress until it is stopped.
 */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesTheHostsOfALabFileAndPrintsTheirProgress() throws Exception {
        Path lab = dir.resolve("lab.yaml");
        Files.writeString(lab, """
                interface: pxserve0
                address: 192.168.115.1/24
                hosts:
                  - mac: 52:54:00:00:00:31
                    address: 192.168.115.31
                    hostname: web-31
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> serve = new CompletableFuture<>();
        Thread server = new Thread(() -> serve.complete(Main.run(new String[] {"serve", lab.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))));
        server.start();
        // The machine's link comes after the lab: serve refuses a namespace with interfaces it did not make.
        Awaitility.await().atMost(Duration.ofSeconds(30)).failFast(() -> serve.isDone())
                .until(() -> out.toString(StandardCharsets.UTF_8).contains("pxelab: serving 1 host(s)"));
        try (PeerNamespace machine = PeerNamespace.create(null, "52:54:00:00:00:31")) {
            PeerNamespace.ProcessResult.run(Duration.ofSeconds(5),
                    List.of("ip", "link", "set", machine.hostSide(), "master", "pxserve0")).assertSucceeded();

            Path script = dir.resolve("udhcpc.sh");
            Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env | sort\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            String lease = machine.run(Duration.ofSeconds(20), "busybox", "udhcpc", "-i", machine.peerSide(), "-n", "-q",
                    "-f", "-t", "5", "-T", "1", "-s", script.toString(), "-O", "hostname").assertSucceeded().output();

            assertThat(lease).contains("ip=192.168.115.31", "hostname=web-31");
            // The ACK is printed from its event, which may come a moment after udhcpc has the packet.
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(out.toString(StandardCharsets.UTF_8))
                    .containsPattern("\\d+\\.\\d\\ds  DHCP ACK 52:54:00:00:00:31 192.168.115.31"));
        } finally {
            server.interrupt();
        }
        assertThat(serve.get(10, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(PeerNamespace.ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "link", "show", "pxserve0"))
                .exitCode()).as("the lab bridge is removed when serve stops").isNotZero();
    }

    /** B6: on SIGTERM the shutdown hook only counted a latch down; the bridge stayed and the next serve refused. */
    @Test
    void sigtermClosesTheProvisionerAndRemovesTheBridge() throws Exception {
        Path lab = dir.resolve("lab.yaml");
        Files.writeString(lab, "interface: pxserve2\naddress: 192.168.116.1/24\nhttp-port: 0\ntftp-port: 0\n");
        Path log = dir.resolve("serve.log");
        // A JVM of its own, in this test's namespace, so that it can be sent a signal.
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dpxelab.allowForeignInterfaces=true",
                Main.class.getName(), "serve", lab.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).failFast(() -> !serve.isAlive())
                    .until(() -> Files.readString(log).contains("pxelab: serving"));

            serve.destroy(); // SIGTERM

            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            serve.destroyForcibly();
        }
        assertThat(PeerNamespace.ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "link", "show", "pxserve2"))
                .exitCode()).as("the lab bridge is removed on SIGTERM; serve said:%n%s", Files.readString(log)).isNotZero();
    }

    @Test
    void aBrokenLabFileIsReportedWithItsPlace() throws Exception {
        Path lab = dir.resolve("lab.yaml");
        Files.writeString(lab, "interface: pxserve1\naddress: 192.168.115.1/24\nhosts:\n  - mac: 52:54:00:00:31\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(new String[] {"serve", lab.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("pxelab serve: " + lab + ":4:10: '52:54:00:00:31'"
                + " is not a MAC address");
    }
}
