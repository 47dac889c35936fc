package dev.pxelab.runtime.ssh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;

/**
 * A key pair generated in-process for one lab: its public half goes into every target's
 * {@code authorized_keys}, its private half never leaves the JVM. ECDSA P-256, because the JDK
 * generates it natively and both OpenSSH and Dropbear accept it.
 */
public final class SshKey {

    private final KeyPair keyPair;
    private final String comment;

    private SshKey(KeyPair keyPair, String comment) {
        this.keyPair = keyPair;
        this.comment = comment;
    }

    public static SshKey generate(String comment) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new SshKey(generator.generateKeyPair(), comment);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate an ECDSA P-256 key", e);
        }
    }

    KeyPair keyPair() {
        return keyPair;
    }

    /** The line for {@code authorized_keys}: {@code ecdsa-sha2-nistp256 AAAA... comment}. */
    public String authorizedKey() {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(keyPair.getPublic()).getCompactData();
        return "ecdsa-sha2-nistp256 " + Base64.getEncoder().encodeToString(blob) + " " + comment;
    }

    @Override
    public String toString() {
        return "SshKey[" + comment + "]";
    }
}
