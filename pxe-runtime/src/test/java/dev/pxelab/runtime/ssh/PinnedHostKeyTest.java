package dev.pxelab.runtime.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

/** The first host key a target presents is its installed system's; any other one later is not. */
class PinnedHostKeyTest {

    static PublicKey newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair().getPublic();
    }

    @Test
    void trustsTheFirstKeyAndOnlyThatKey() throws Exception {
        PinnedHostKey pin = new PinnedHostKey();
        PublicKey installed = newKey();

        assertThat(pin.verify("192.168.105.10", 22, installed)).isTrue();
        pin.confirm();
        assertThat(pin.verify("192.168.105.10", 22, installed)).as("the same machine again").isTrue();
        assertThat(pin.verify("192.168.105.10", 22, newKey())).as("another machine on that address").isFalse();
        assertThat(pin.findExistingAlgorithms("192.168.105.10", 22)).containsExactly("ecdsa-sha2-nistp256");
    }

    @Test
    void afterAReinstallTheNewSystemsKeyIsPinned() throws Exception {
        PinnedHostKey pin = new PinnedHostKey();
        PublicKey first = newKey();
        PublicKey reinstalled = newKey();
        pin.verify("192.168.105.10", 22, first);
        pin.confirm();

        pin.forget();

        assertThat(pin.findExistingAlgorithms("192.168.105.10", 22)).isEmpty();
        assertThat(pin.verify("192.168.105.10", 22, reinstalled)).isTrue();
        pin.confirm();
        assertThat(pin.verify("192.168.105.10", 22, first)).as("the old system's key").isFalse();
    }

    /** An installer's sshd (or an impostor) refuses the lab's key: its host key must not stick. */
    @Test
    void aKeyIsPinnedOnlyOnceTheLabLoggedInWithIt() throws Exception {
        PinnedHostKey pin = new PinnedHostKey();
        PublicKey installersSshd = newKey();
        PublicKey installed = newKey();

        assertThat(pin.verify("192.168.105.10", 22, installersSshd)).isTrue();
        pin.reject();

        assertThat(pin.findExistingAlgorithms("192.168.105.10", 22)).isEmpty();
        assertThat(pin.verify("192.168.105.10", 22, installed)).as("the installed system, after the installer").isTrue();
        pin.confirm();
        assertThat(pin.verify("192.168.105.10", 22, installersSshd)).isFalse();
    }
}
