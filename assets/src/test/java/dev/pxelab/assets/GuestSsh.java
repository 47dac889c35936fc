package dev.pxelab.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;

/** SSH into an installed test OS through QEMU's user-mode port forward, as user {@code tester}. */
final class GuestSsh {

    private GuestSsh() {
    }

    /** A fresh ECDSA P-256 key for one test: OpenSSH and dropbear both take it. */
    static KeyPair newKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code authorized_keys} line of {@code key}. */
    static String publicKeyLine(KeyPair key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key.getPublic()).getCompactData();
        return KeyType.fromKey(key.getPublic()) + " " + Base64.getEncoder().encodeToString(blob) + " pxelab-test";
    }

    /**
     * Connects once the guest's SSH server answers, failing with the console's last lines when
     * QEMU exits or {@code timeout} passes.
     *
     * @param readTimeout how long one SSH read may block once connected
     */
    static SSHClient connect(int port, Qemu qemu, KeyPair key, Duration timeout, Duration readTimeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!qemu.handle().isAlive()) throw new AssertionError("QEMU exited; console:\n" + qemu.consoleTail(40));
            // Slirp accepts the TCP connection even before the guest listens; what tells that the
            // guest's SSH server answers is its banner. Probe for it with a short timeout.
            if (!sshBanner(port)) {
                Thread.sleep(200);
                continue;
            }
            SSHClient ssh = new SSHClient();
            ssh.addHostKeyVerifier(new PromiscuousVerifier());
            ssh.setConnectTimeout(3000);
            ssh.setTimeout((int) readTimeout.toMillis());
            try {
                ssh.connect("127.0.0.1", port);
                ssh.authPublickey("tester", ssh.loadKeys(key));
                return ssh;
            } catch (Exception e) {
                last = e;
                ssh.close();
                Thread.sleep(500);
            }
        }
        throw new AssertionError("no SSH within " + timeout + " (last: " + last + "); console:\n" + qemu.consoleTail(60));
    }

    static boolean sshBanner(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            byte[] banner = socket.getInputStream().readNBytes(4);
            return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs a shell command line, its first command under the guest's {@code timeout} (SSHJ cannot
     * let go of a session whose command still runs), and asserts that it succeeded.
     */
    static String run(SSHClient ssh, String command, Duration limit) throws IOException {
        try (Session session = ssh.startSession()) {
            Session.Command cmd = session.exec("timeout " + limit.toSeconds() + " " + command);
            String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            cmd.join(limit.toSeconds() + 5, TimeUnit.SECONDS);
            assertThat(cmd.getExitStatus()).as("exit status of '%s' (output: %s)", command, out).isEqualTo(0);
            return out;
        }
    }
}
