package dev.pxelab.runtime.ssh;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Trusts the host key of the first target that lets the lab log in, and only that key afterwards:
 * the lab watched the machine being installed with its key, so the first system that accepts it
 * is the installed one, and a different key later means a different machine answered on that
 * address. A key is only a candidate until authentication succeeded ({@link #confirm()}): an
 * installer's sshd or an impostor that refuses the lab's key must not get pinned, or the real
 * host would be rejected forever.
 */
final class PinnedHostKey implements HostKeyVerifier {

    private byte[] pinned;
    private String pinnedType;
    private PublicKey candidate;

    @Override
    public synchronized boolean verify(String host, int port, PublicKey key) {
        if (pinned == null) {
            candidate = key;
            return true;
        }
        return Arrays.equals(pinned, key.getEncoded());
    }

    @Override
    public synchronized List<String> findExistingAlgorithms(String host, int port) {
        return pinnedType == null ? List.of() : List.of(pinnedType);
    }

    /** The lab logged in on the connection that presented the candidate: pin it. */
    synchronized void confirm() {
        if (pinned == null && candidate != null) {
            pinned = candidate.getEncoded();
            pinnedType = KeyType.fromKey(candidate).toString();
        }
        candidate = null;
    }

    /** The connection that presented the candidate did not let the lab in: forget it. */
    synchronized void reject() {
        candidate = null;
    }

    /** Forgets the key: after a reinstall the machine has a new one. */
    synchronized void forget() {
        pinned = null;
        pinnedType = null;
        candidate = null;
    }
}
