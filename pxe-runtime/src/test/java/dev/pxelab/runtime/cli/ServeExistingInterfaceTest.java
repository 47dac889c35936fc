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
 * {@code pxelab serve --interface NAME}: the provisioner on an interface somebody else made, which
 * already carries the lab address. Each test builds the segment in namespaces of its own: the
 * interface, the machines on it (busybox udhcpc, curl) and, where it matters, another DHCP server
 * (busybox udhcpd). Router advertisements: {@link ServeRouterAdvertisementsTest}.
 */
class ServeExistingInterfaceTest {

    static final String MAC = "52:54:00:00:00:41";

    @TempDir
    Path dir;

    @Test
    void servesAnExistingInterfaceAndLeavesItAsItWas() throws Exception {
        try (PeerNamespace machine = PeerNamespace.create("192.168.117.1/24", MAC);
             ServeRun serve = ServeRun.start(labFile("192.168.117.1/24", "    address: 192.168.117.41\n    hostname: web-41\n"),
                     "--interface", machine.hostSide())) {
            serve.awaitServing();

            assertThat(udhcpc(machine).assertSucceeded().output()).contains("ip=192.168.117.41", "hostname=web-41");
            assertThat(serve.out()).contains("DHCP server on existing interface " + machine.hostSide(),
                    "no other DHCP server answered", "IPv6 router advertisements off");

            assertThat(serve.stop()).as(serve.err()).isZero();
            assertThat(ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "-o", "addr", "show", machine.hostSide()))
                    .output()).as("serve neither removed the interface nor its address").contains("192.168.117.1/24");
        }
    }

    @Test
    void refusesToAnswerNextToAnotherDhcpServerAndNamesIt() throws Exception {
        try (PeerNamespace segment = PeerNamespace.create("192.168.118.1/24");
             ForeignDhcpServer udhcpd = ForeignDhcpServer.udhcpd(segment, "192.168.118.2/24", "192.168.118.100",
                     "192.168.118.150", dir)) {
            ServeRun serve = ServeRun.start(labFile("192.168.118.1/24", ""), "--interface", segment.hostSide());

            assertThat(serve.exitStatus()).isEqualTo(1);
            assertThat(serve.err()).contains("another DHCP server answers on " + segment.hostSide() + ": 192.168.118.2"
                    + " (offered 192.168.118.1", "--proxy-dhcp");
            assertThat(serve.out()).doesNotContain("serving");
        }
    }

    @Test
    void proxyDhcpLeavesTheAddressesToTheOtherServer() throws Exception {
        try (SegmentBridge bridge = SegmentBridge.create("pxtseg0", "192.168.119.1/24");
             PeerNamespace server = bridge.plug(PeerNamespace.create(null));
             ForeignDhcpServer udhcpd = ForeignDhcpServer.udhcpd(server, "192.168.119.2/24", "192.168.119.100",
                     "192.168.119.150", dir);
             PeerNamespace machine = bridge.plug(PeerNamespace.create(null, MAC));
             ServeRun serve = ServeRun.start(labFile("192.168.119.1/24", "    hostname: web-41\n"),
                     "--interface", bridge.name(), "--proxy-dhcp")) {
            serve.awaitServing();
            assertThat(serve.out()).contains("proxy DHCP (boot information only", "other DHCP server(s): 192.168.119.2");

            String lease = udhcpc(machine).assertSucceeded().output();

            assertThat(lease).contains("serverid=192.168.119.2").containsPattern("ip=192\\.168\\.119\\.1[0-5]\\d");
            assertThat(serve.out()).as("a client that is no PXE client gets nothing from a proxy")
                    .doesNotContain("OFFER", "ACK");
        }
    }

    @Test
    void neverAnswersAClientOnAnotherInterface() throws Exception {
        try (PeerNamespace served = PeerNamespace.create("192.168.120.1/24", MAC);
             PeerNamespace other = PeerNamespace.create("192.168.121.1/24", MAC);
             ServeRun serve = ServeRun.start(labFile("192.168.120.1/24", "    address: 192.168.120.41\n"),
                     "--interface", served.hostSide())) {
            serve.awaitServing();
            // The other machine can route to the lab address through its own interface.
            other.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.121.41/24", "dev", other.peerSide())
                    .assertSucceeded();
            other.run(Duration.ofSeconds(5), "ip", "route", "add", "192.168.120.0/24", "via", "192.168.121.1")
                    .assertSucceeded();

            ProcessResult plain = udhcpc(other, "-t", "2");
            ProcessResult pxe = udhcpc(other, "-t", "2", "-V", "PXEClient:Arch:00000:UNDI:002001", "-x", "0x5d:0000");
            ProcessResult http = other.run(Duration.ofSeconds(10), "curl", "-sS", "-m", "3",
                    "http://192.168.120.1/52:54:00:00:00:41/boot.ipxe");

            assertThat(plain.exitCode()).as(plain.output()).isNotZero();
            assertThat(pxe.exitCode()).as(pxe.output()).isNotZero();
            assertThat(http.exitCode()).as(http.output()).isNotZero();
            // The same MAC on the served interface gets its lease: the silence above is the interface's doing.
            assertThat(udhcpc(served).assertSucceeded().output()).contains("ip=192.168.120.41");
        }
    }

    private Path labFile(String address, String hostFields) throws Exception {
        Path lab = dir.resolve("lab.yaml");
        Files.writeString(lab, "address: " + address + "\nhttp-port: 80\nhosts:\n  - mac: " + MAC + "\n" + hostFields);
        return lab;
    }

    private ProcessResult udhcpc(PeerNamespace machine, String... extra) throws Exception {
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env | sort\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        List<String> command = new ArrayList<>(List.of("busybox", "udhcpc", "-i", machine.peerSide(), "-n",
                "-q", "-f", "-t", "5", "-T", "1", "-s", script.toString(), "-O", "hostname"));
        command.addAll(List.of(extra));
        return machine.run(Duration.ofSeconds(20), command.toArray(String[]::new));
    }

}
