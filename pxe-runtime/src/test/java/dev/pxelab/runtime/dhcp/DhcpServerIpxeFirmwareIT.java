package dev.pxelab.runtime.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.testing.PeerNamespace.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client that matters most: QEMU's virtio iPXE ROM under SeaBIOS, booted with {@code -boot n}
 * on a bridge in the test JVM's namespace. iPXE must take the lease and go for the script URL it
 * was given (there is no HTTP server here, so it stops after trying). The serial console is
 * printed to the test's output.
 */
class DhcpServerIpxeFirmwareIT {

    static final String MAC = "52:54:00:00:00:11";

    @TempDir
    Path dir;

    @Test
    void ipxeTakesTheLeaseAndFetchesItsPerMacScript() throws Exception {
        // Test classes share the JVM's namespace: unique names, and everything removed afterwards.
        String bridge = "brdhcp" + ProcessHandle.current().pid() % 100000;
        String tap = "tpdhcp" + ProcessHandle.current().pid() % 100000;
        sh("ip", "link", "add", bridge, "type", "bridge");
        try {
            sh("ip", "addr", "add", "192.168.105.1/24", "dev", bridge);
            sh("ip", "link", "set", bridge, "up");
            sh("ip", "tuntap", "add", tap, "mode", "tap");
            sh("ip", "link", "set", tap, "master", bridge);
            sh("ip", "link", "set", tap, "up");
            bootAndCheck(bridge, tap);
        } finally {
            ProcessResult.run(Duration.ofSeconds(10), List.of("ip", "link", "del", tap));
            ProcessResult.run(Duration.ofSeconds(10), List.of("ip", "link", "del", bridge));
        }
    }

    private void bootAndCheck(String bridge, String tap) throws Exception {
        List<ProvisioningEvent> events = new CopyOnWriteArrayList<>();
        DhcpServerConfig config = DhcpServerConfig.builder(bridge, Ipv4.parse("192.168.105.1"), 24)
                .staticLease(MAC, "192.168.105.11", "web-1").build();
        Path serial = dir.resolve("serial.log");
        String url = "http://192.168.105.1/" + MAC + "/boot.ipxe";
        // iPXE's "Configuring" waits ~18 s for an IPv6 router advertisement before it uses the
        // DHCP lease (docs/dhcp-ipxe-timing.md). An advert that offers nothing (no prefix, router
        // lifetime 0) ends that wait, which keeps this test at seconds instead of half a minute.
        // radvd only sends with forwarding on; the setting belongs to this test JVM's namespace.
        sh("sysctl", "-q", "-w", "net.ipv6.conf." + bridge + ".forwarding=1");
        Path conf = dir.resolve("radvd.conf");
        Files.writeString(conf, "interface " + bridge + " { AdvSendAdvert on; MinRtrAdvInterval 3;"
                + " MaxRtrAdvInterval 4; AdvDefaultLifetime 0; };\n");
        Process radvd = new ProcessBuilder("radvd", "-n", "-C", conf.toString(), "-p", dir.resolve("radvd.pid").toString(),
                "-m", "stderr").redirectErrorStream(true).redirectOutput(dir.resolve("radvd.log").toFile()).start();
        try (DhcpServer server = DhcpServer.start(config, events::add)) {
            Process qemu = new ProcessBuilder("qemu-system-x86_64", "-machine", "pc", "-accel", "tcg", "-m", "256",
                    "-nographic", "-no-reboot", "-boot", "n",
                    "-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no",
                    "-device", "virtio-net-pci,netdev=n0,mac=" + MAC)
                    .redirectErrorStream(true).redirectOutput(serial.toFile()).start();
            long start = System.nanoTime();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Files.readString(serial).contains(url));
                System.out.printf("iPXE asked for its script %.1f s after QEMU started%n", (System.nanoTime() - start) / 1e9);
            } finally {
                qemu.destroy();
                if (!qemu.waitFor(5, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly().waitFor();
                }
                System.out.println(Files.readString(serial).replace("\r", ""));
            }
            assertThat(events).map(e -> (DhcpEvent) e).filteredOn(e -> e.type() == DhcpEvent.Type.ACK)
                    .singleElement().satisfies(ack -> {
                        assertThat(ack.address().getHostAddress()).isEqualTo("192.168.105.11");
                        assertThat(ack.bootFile()).isEqualTo(url);
                    });
            assertThat(server.stats().malformed()).isZero();
        } finally {
            radvd.destroy();
            radvd.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        ProcessResult.run(Duration.ofSeconds(10), List.of(command)).assertSucceeded();
    }
}
