package dev.pxelab.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A second network namespace joined to the test JVM's namespace by a veth pair: the place where
 * real clients (udhcpc, dhclient, atftp, curl) run, so that they talk to pxelab's servers over a
 * real L2 link exactly as a machine on the lab network would.
 *
 * <p>The namespace is held by a {@code sleep} process started with a parent-death signal; closing
 * this (or the JVM dying) ends that process and with it the namespace and both veth ends.
 *
 * <pre>{@code
 * try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24")) {
 *     // servers bind to 192.168.105.1 on peer.hostSide() in the JVM's namespace
 *     ProcessResult r = peer.run(Duration.ofSeconds(10), "udhcpc", "-i", peer.peerSide(), "-n", "-q");
 * }
 * }</pre>
 */
public final class PeerNamespace implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Process holder;
    private final String hostSide;
    private final String peerSide;

    private PeerNamespace(Process holder, String hostSide, String peerSide) {
        this.holder = holder;
        this.hostSide = hostSide;
        this.peerSide = peerSide;
    }

    /**
     * Creates the veth pair, gives the JVM's side {@code hostCidr} (may be null for none) and
     * moves the other side into a fresh namespace with that side and {@code lo} up.
     */
    public static PeerNamespace create(String hostCidr) throws IOException, InterruptedException {
        return create(hostCidr, null);
    }

    /** As {@link #create(String)}, with a fixed MAC on the peer side (null for a random one). */
    public static PeerNamespace create(String hostCidr, String peerMac) throws IOException, InterruptedException {
        int n = COUNTER.incrementAndGet();
        String tag = ProcessHandle.current().pid() % 10000 + "x" + n;
        String host = "vh" + tag;
        String peer = "vp" + tag;
        Process holder = new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "--",
                "unshare", "--net", "--", "sleep", "infinity")
                .redirectErrorStream(true).start();
        try {
            exec("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
            if (peerMac != null) {
                exec("ip", "link", "set", peer, "address", peerMac);
            }
            // The holder needs a moment to have unshared; retry moving the link until it has.
            String pid = Long.toString(holder.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!sameNamespaceDiffers(pid)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("namespace holder " + pid + " never left the JVM's namespace");
                }
                Thread.sleep(5);
            }
            exec("ip", "link", "set", peer, "netns", pid);
            if (hostCidr != null) {
                exec("ip", "addr", "add", hostCidr, "dev", host);
            }
            exec("ip", "link", "set", host, "up");
            exec("nsenter", "-t", pid, "-n", "ip", "link", "set", "lo", "up");
            exec("nsenter", "-t", pid, "-n", "ip", "link", "set", peer, "up");
            return new PeerNamespace(holder, host, peer);
        } catch (IOException | RuntimeException e) {
            holder.destroyForcibly();
            throw e;
        }
    }

    private static boolean sameNamespaceDiffers(String pid) throws IOException {
        try {
            return !Files.readSymbolicLink(Path.of("/proc", pid, "ns", "net"))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The veth end in the JVM's namespace: servers bind here. */
    public String hostSide() {
        return hostSide;
    }

    /** The veth end inside the peer namespace: clients use this interface. */
    public String peerSide() {
        return peerSide;
    }

    public long pid() {
        return holder.pid();
    }

    /** Runs a command inside the peer namespace and waits for it, killing it after {@code timeout}. */
    public ProcessResult run(Duration timeout, String... command) throws IOException, InterruptedException {
        return ProcessResult.run(timeout, inside(command));
    }

    /** A process builder for a command inside the peer namespace, for clients that keep running. */
    public ProcessBuilder builder(String... command) {
        return new ProcessBuilder(inside(command));
    }

    private List<String> inside(String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid()), "-n", "--"));
        full.addAll(List.of(command));
        return full;
    }

    static void exec(String... command) throws IOException, InterruptedException {
        ProcessResult result = ProcessResult.run(Duration.ofSeconds(10), List.of(command));
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
        }
    }

    @Override
    public void close() throws InterruptedException {
        holder.destroyForcibly();
        holder.waitFor(5, TimeUnit.SECONDS);
        // The host end dies with its peer; make sure, in case the namespace outlives us briefly.
        try {
            ProcessResult.run(Duration.ofSeconds(5), List.of("ip", "link", "del", hostSide));
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** What a finished command printed (stdout and stderr interleaved) and how it ended. */
    public record ProcessResult(int exitCode, String output) {

        public static ProcessResult run(Duration timeout, List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            var out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (var in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // process killed
                }
            });
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                reader.join(1000);
                return new ProcessResult(-1, "[timed out after " + timeout + "] " + out.toString(StandardCharsets.UTF_8));
            }
            reader.join(1000);
            return new ProcessResult(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        }

        public ProcessResult assertSucceeded() {
            assertThat(exitCode).as("exit code; output:%n%s", output).isZero();
            return this;
        }
    }
}
