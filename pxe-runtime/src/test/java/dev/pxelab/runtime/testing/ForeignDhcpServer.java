package dev.pxelab.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Somebody else's DHCP server on a segment, run by the test inside a {@link PeerNamespace} on the
 * peer side of its veth: busybox udhcpd handing out addresses, or dnsmasq as a proxy DHCP (PXE)
 * server. Stopped by its own PID on close.
 */
public final class ForeignDhcpServer implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ForeignDhcpServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * busybox udhcpd on {@code peer}'s side with address {@code serverCidr} (e.g. 192.168.118.2/24),
     * handing out {@code first}..{@code last} with a /24 mask and no boot file.
     */
    public static ForeignDhcpServer udhcpd(PeerNamespace peer, String serverCidr, String first, String last, Path dir)
            throws IOException, InterruptedException {
        address(peer, serverCidr);
        Path conf = dir.resolve("udhcpd.conf");
        Files.writeString(conf, """
                interface %s
                start %s
                end %s
                option subnet 255.255.255.0
                lease_file %s
                pidfile %s
                """.formatted(peer.peerSide(), first, last, dir.resolve("udhcpd.leases"), dir.resolve("udhcpd.pid")));
        Files.deleteIfExists(dir.resolve("udhcpd.leases"));
        Files.createFile(dir.resolve("udhcpd.leases"));
        return start(peer, dir.resolve("udhcpd.log"), "busybox", "udhcpd", "-f", conf.toString());
    }

    /**
     * dnsmasq as a proxy DHCP server (its {@code dhcp-range=...,proxy}): PXE boot information, no
     * addresses, the way another PXE boot server on the segment would answer.
     */
    public static ForeignDhcpServer dnsmasqProxy(PeerNamespace peer, String serverCidr, Path dir)
            throws IOException, InterruptedException {
        address(peer, serverCidr);
        String network = serverCidr.split("/")[0].replaceAll("\\.\\d+$", ".0");
        return start(peer, dir.resolve("dnsmasq.log"), "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--user=root", "--pid-file=", "--interface=" + peer.peerSide(), "--bind-interfaces",
                "--dhcp-range=" + network + ",proxy", "--pxe-service=x86PC,\"other boot server\",undionly",
                "--dhcp-leasefile=" + dir.resolve("dnsmasq.leases"), "--log-dhcp");
    }

    private static void address(PeerNamespace peer, String cidr) throws IOException, InterruptedException {
        peer.run(Duration.ofSeconds(5), "ip", "addr", "add", cidr, "dev", peer.peerSide()).assertSucceeded();
    }

    private static ForeignDhcpServer start(PeerNamespace peer, Path log, String... command)
            throws IOException, InterruptedException {
        // nsenter execs the server: this Process is the server itself, stopped by its PID.
        Process process = peer.builder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread.sleep(300); // it binds its socket within milliseconds; a server that failed has exited by now
        if (!process.isAlive()) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                    + Files.readString(log));
        }
        return new ForeignDhcpServer(process, log);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
