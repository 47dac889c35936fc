package dev.pxelab.runtime.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.testing.InNamespace;
import dev.pxelab.runtime.testing.PeerNamespace;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded, seeded DHCP and TFTP fuzz run against a whole provisioner (issue 14), from a client
 * namespace of the test's own: afterwards every server still answers a real client, the lab's
 * own host still installs, memory and file descriptors are back where they were.
 *
 * <p>{@code mvn test} sends a few thousand datagrams (a few seconds). The goal figures of issue 14
 * come from a longer run with the same code, which prints them:
 * {@code -Dtest=HostileLabFuzzTest -Dpxelab.fuzz.dhcp=100000 -Dpxelab.fuzz.tftp=10000}
 * ({@code -Dpxelab.fuzz.seed=N} for another sequence).
 */
class HostileLabFuzzTest {

    static final MacAddress WEB = MacAddress.of("52:54:00:00:00:11");
    static final MacAddress DB = MacAddress.of("52:54:00:00:00:12");
    static final BootProfile INSTALLER = new BootProfile("installer", "installer/vmlinuz", List.of(),
            "autoinstall ds=nocloud-net;s=http://${server}/${mac}/ testos.report=http://${server}/${mac}/events?key=${report-key}");
    /** The transfer lifetime in this lab: how long hostile transfers can hold their sockets. */
    static final Duration LIFETIME = Duration.ofSeconds(3);

    final int dhcpPackets = Integer.getInteger("pxelab.fuzz.dhcp", 3000);
    final int tftpRequests = Integer.getInteger("pxelab.fuzz.tftp", 300);
    final long seed = Long.getLong("pxelab.fuzz.seed", 14);

    @TempDir Path dir;

    @Test
    void afterSeededGarbageEveryServerAnswersTheLabInstallsAndNothingIsHeldOn() throws Exception {
        Path tftpRoot = Files.createDirectories(dir.resolve("tftp"));
        Files.writeString(tftpRoot.resolve("big.txt"), "line\n".repeat(400_000));
        ReportKeys keys = ReportKeys.random();
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", WEB.value());
             Provisioner lab = Provisioner.start(Provisioner.builder()
                     .interfaceName(peer.hostSide()).labAddress("192.168.105.1/24").defaultProfile(INSTALLER)
                     .pool("192.168.105.100", "192.168.105.119").tftpRoot(tftpRoot).reportKeys(keys)
                     .limits(Limits.DEFAULTS.withTftpTimeouts(Duration.ofSeconds(1), LIFETIME))
                     .host(Host.builder(WEB).address("192.168.105.11").hostname("web-1").build())
                     .host(Host.builder(DB).address("192.168.105.12").hostname("db-1").build())
                     .build())) {
            peer.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.105.50/24", "dev", peer.peerSide())
                    .assertSucceeded();
            long fdsBefore = openFileDescriptors();
            long heapBefore = heapAfterGc();

            long start = System.nanoTime();
            long peakFds = send(peer, new HostileTraffic(seed, Ipv4.parse("192.168.105.1").getAddress()));
            Duration sending = Duration.ofNanos(System.nanoTime() - start);

            long settle = System.nanoTime();
            Awaitility.await().atMost(LIFETIME.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> openFileDescriptors() <= fdsBefore + 2);
            Duration fdsBack = Duration.ofNanos(System.nanoTime() - settle);
            long heapAfter = heapAfterGc();

            // Every server answers a normal client...
            assertThat(udhcpc(peer)).contains("ip=192.168.105.11", "hostname=web-1");
            Path loader = dir.resolve("undionly.kpxe");
            peer.run(Duration.ofSeconds(10), "busybox", "tftp", "-g", "-r", "undionly.kpxe", "-l", loader.toString(),
                    "192.168.105.1").assertSucceeded();
            assertThat(Files.size(loader)).isPositive();
            // ...and the lab's own host still installs, reporting with its key from its address.
            peer.run(Duration.ofSeconds(5), "ip", "addr", "add", "192.168.105.11/24", "dev", peer.peerSide())
                    .assertSucceeded();
            String script = peer.run(Duration.ofSeconds(10), "curl", "-sS", "--fail", "--interface", "192.168.105.11",
                    "http://192.168.105.1/52:54:00:00:00:11/boot.ipxe").assertSucceeded().output();
            assertThat(script).contains("installer/vmlinuz", "events?key=" + keys.keyOf(WEB));
            peer.run(Duration.ofSeconds(10), "curl", "-sS", "--fail", "--interface", "192.168.105.11",
                    "-H", "Content-Type: application/json", "--data-binary",
                    "{\"name\":\"subiquity/Install\",\"event_type\":\"finish\",\"result\":\"SUCCESS\"}",
                    "http://192.168.105.1/52:54:00:00:00:11/events?key=" + keys.keyOf(WEB)).assertSucceeded();
            assertThat(lab.status(WEB).orElseThrow().state()).isEqualTo(HostState.INSTALLED);
            assertThat(lab.status(DB).orElseThrow().state()).as("nobody's garbage installed or failed db-1")
                    .isIn(HostState.WAITING, HostState.DHCP);

            // Nothing grows without bound.
            assertThat(lab.events()).hasSizeLessThanOrEqualTo(Limits.DEFAULTS.labEvents());
            assertThat(lab.statuses()).hasSizeLessThanOrEqualTo(2 + Limits.DEFAULTS.unknownHosts());
            assertThat(lab.problems()).isEmpty();
            long heapGrowth = heapAfter - heapBefore;
            System.out.printf("hostile lab fuzz (seed %d): %d DHCP datagrams and %d TFTP requests in %d ms;"
                            + " heap after GC %d MiB (%+d MiB); file descriptors %d before, %d at peak, back within %d ms"
                            + " (transfer lifetime %d s); %d events and %d hosts kept; DISCOVER, RRQ, GET and the"
                            + " install of web-1 answered%n",
                    seed, dhcpPackets, tftpRequests, sending.toMillis(), heapAfter >> 20, heapGrowth >> 20, fdsBefore,
                    peakFds, fdsBack.toMillis(), LIFETIME.toSeconds(), lab.events().size(), lab.statuses().size());
            assertThat(heapGrowth).as("heap growth after GC").isLessThan(32L << 20);
        }
    }

    /** Sends the garbage, TFTP requests spread over 32 client ports; returns the most descriptors seen open. */
    private long send(PeerNamespace peer, HostileTraffic traffic) throws Exception {
        InetSocketAddress dhcpServer = new InetSocketAddress(Ipv4.parse("192.168.105.1"), 67);
        InetSocketAddress tftpServer = new InetSocketAddress(Ipv4.parse("192.168.105.1"), 69);
        DatagramChannel dhcp = InNamespace.call(peer.pid(), () -> DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true).setOption(StandardSocketOptions.SO_BROADCAST, true)
                .bind(new InetSocketAddress(68)));
        List<DatagramChannel> tftp = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            tftp.add(InNamespace.call(peer.pid(), () -> DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress(Ipv4.parse("192.168.105.50"), 0))));
        }
        long peak = 0;
        try {
            int every = Math.max(1, dhcpPackets / Math.max(1, tftpRequests));
            int sentTftp = 0;
            for (int i = 0; i < dhcpPackets || sentTftp < tftpRequests; i++) {
                if (i < dhcpPackets) {
                    dhcp.send(ByteBuffer.wrap(traffic.dhcp()), dhcpServer);
                }
                if (sentTftp < tftpRequests && (i % every == 0 || i >= dhcpPackets)) {
                    tftp.get(sentTftp % tftp.size()).send(ByteBuffer.wrap(traffic.tftp()), tftpServer);
                    sentTftp++;
                }
                if (i % 500 == 0) {
                    peak = Math.max(peak, openFileDescriptors());
                    Thread.sleep(1); // a LAN, not a loop in memory: let the servers' queues drain a little
                }
            }
        } finally {
            dhcp.close();
            for (DatagramChannel c : tftp) {
                c.close();
            }
        }
        return Math.max(peak, openFileDescriptors());
    }

    static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private String udhcpc(PeerNamespace peer) throws Exception {
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env | sort\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return peer.run(Duration.ofSeconds(15), "busybox", "udhcpc", "-i", peer.peerSide(), "-n", "-q", "-f", "-t", "3",
                "-T", "1", "-s", script.toString(), "-O", "hostname").assertSucceeded().output();
    }
}
