package dev.pxelab.runtime.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * An SSH connection to one target, as the lab's key. Connects on first use and again after the
 * target rebooted. Commands run under a watchdog on the guest, because SSHJ cannot let go of a
 * session whose command still runs.
 *
 * <pre>{@code
 * CommandResult r = target.ssh().run("hostname");
 * String release = target.ssh().readFile("/etc/os-release");
 * }</pre>
 */
public final class SshHandle implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** How long after its timeout a killed command's end may take to arrive. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    /** 128 + SIGKILL: how the shell reports a command killed by the watchdog. */
    private static final int KILLED = 137;

    private final String host;
    private final int port;
    private final String user;
    private final SshKey key;
    private final PinnedHostKey hostKey = new PinnedHostKey();
    private final String target;
    private SSHClient client;

    public SshHandle(String host, int port, String user, SshKey key) {
        this(host, port, user, key, host);
    }

    /**
     * @param target how results name the machine, e.g. {@code 52:54:00:00:00:11 (web-1)}
     *               ({@link CommandResult#target()})
     */
    public SshHandle(String host, int port, String user, SshKey key, String target) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.key = key;
        this.target = target;
    }

    public String host() {
        return host;
    }

    public String user() {
        return user;
    }

    /** Runs {@code command} with the default timeout. */
    public CommandResult run(String command) {
        return run(command, DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code command} through {@code sh -c}; after {@code timeout} the guest kills it, with
     * every process it started, and the result says {@link CommandResult#timedOut()}.
     */
    public CommandResult run(String command, Duration timeout) {
        long seconds = Math.max(1, (long) Math.ceil(timeout.toMillis() / 1000.0));
        return exec(command, underTimeout(command, seconds), null, Duration.ofSeconds(seconds)).on(target);
    }

    /**
     * The guest-side watchdog. {@code timeout(1)} would kill only the shell and leave its children
     * (a {@code sleep} in a pipeline) running, so the command gets a session of its own and its
     * whole process group is killed. The watchdog is a session too; once the command has ended it
     * is killed first by PID (so it can start nothing more) and then as a group (its sleep), which
     * leaves nothing behind whenever the command ends. Plain POSIX sh, for busybox as for Debian.
     */
    static String underTimeout(String command, long seconds) {
        return "setsid sh -c " + quote(command) + " & c=$!; "
                + "setsid sh -c \"sleep " + seconds + "; kill -9 -$c\" & w=$!; "
                + "wait $c; r=$?; kill -9 $w 2>/dev/null; kill -9 -$w 2>/dev/null; exit $r";
    }

    public String readFile(String path) {
        CommandResult r = run("cat " + quote(path));
        if (!r.succeeded()) {
            throw new IllegalStateException("cannot read " + path + " on " + host + ": " + r.stderr().strip());
        }
        return r.stdout();
    }

    public void writeFile(String path, String content) {
        CommandResult r = exec("write " + path, "cat > " + quote(path), content.getBytes(StandardCharsets.UTF_8),
                DEFAULT_TIMEOUT);
        if (!r.succeeded()) {
            throw new IllegalStateException("cannot write " + path + " on " + host + ": " + r.stderr().strip());
        }
    }

    /** True when the target answers SSH and accepts the lab's key now. */
    public boolean isReady(Duration connectTimeout) {
        try {
            connected((int) connectTimeout.toMillis());
            return true;
        } catch (IOException e) {
            disconnect();
            return false;
        }
    }

    /**
     * Runs {@code command}; {@code limit} is when the guest's watchdog stops it. A command killed
     * (exit 137, or none at all) at or after the limit timed out.
     */
    private synchronized CommandResult exec(String shown, String command, byte[] stdin, Duration limit) {
        try {
            SSHClient ssh = connected((int) DEFAULT_TIMEOUT.toMillis());
            try (Session session = ssh.startSession()) {
                long started = System.nanoTime();
                Session.Command cmd = session.exec(command);
                CompletableFuture<String> out = drain(cmd.getInputStream());
                CompletableFuture<String> err = drain(cmd.getErrorStream());
                try (OutputStream in = cmd.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                cmd.join(limit.plus(KILL_GRACE).toMillis(), TimeUnit.MILLISECONDS);
                Duration ran = Duration.ofNanos(System.nanoTime() - started);
                Integer status = cmd.getExitStatus();
                boolean timedOut = ran.compareTo(limit) >= 0 && (status == null || status == KILLED);
                return new CommandResult(shown, status == null ? -1 : status,
                        out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS), timedOut);
            }
        } catch (IOException e) {
            disconnect();
            throw new UncheckedIOException("SSH to " + user + "@" + host + ":" + port + " failed running '" + shown
                    + "': " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("SSH to " + host + " failed running '" + shown + "'", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                stream.transferTo(bytes);
            } catch (IOException e) {
                // channel closed: keep what arrived
            }
            return bytes.toString(StandardCharsets.UTF_8);
        });
    }

    private synchronized SSHClient connected(int timeoutMillis) throws IOException {
        if (client != null && client.isConnected() && client.isAuthenticated()) {
            return client;
        }
        disconnect();
        SSHClient ssh = new SSHClient(new DefaultConfig());
        ssh.addHostKeyVerifier(hostKey);
        ssh.setConnectTimeout(timeoutMillis);
        ssh.setTimeout(timeoutMillis);
        try {
            ssh.connect(host, port);
            KeyProvider keys = ssh.loadKeys(key.keyPair());
            ssh.authPublickey(user, keys);
            hostKey.confirm();
        } catch (IOException e) {
            hostKey.reject();
            ssh.close();
            throw e;
        }
        client = ssh;
        return ssh;
    }

    /** After a reinstall the target has a new host key; trust the next one it presents. */
    public synchronized void forgetHostKey() {
        disconnect();
        hostKey.forget();
    }

    private synchronized void disconnect() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
            client = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
