package dev.pxelab.runtime.ssh;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Trusts the host key a target presents the first time and only that key afterwards: the lab
 * watched the machine being installed, so the first key is the installed system's own, and a
 * different one later means a different machine answered on that address.
 */
final class PinnedHostKey implements HostKeyVerifier {

    private byte[] pinned;
    private String pinnedType;

    @Override
    public synchronized boolean verify(String host, int port, PublicKey key) {
        if (pinned == null) {
            pinned = key.getEncoded();
            pinnedType = KeyType.fromKey(key).toString();
            return true;
        }
        return Arrays.equals(pinned, key.getEncoded());
    }

    @Override
    public synchronized List<String> findExistingAlgorithms(String host, int port) {
        return pinnedType == null ? List.of() : List.of(pinnedType);
    }

    /** Forgets the key: after a reinstall the machine has a new one. */
    synchronized void forget() {
        pinned = null;
        pinnedType = null;
    }
}
