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

        pin.forget();

        assertThat(pin.findExistingAlgorithms("192.168.105.10", 22)).isEmpty();
        assertThat(pin.verify("192.168.105.10", 22, reinstalled)).isTrue();
        assertThat(pin.verify("192.168.105.10", 22, first)).as("the old system's key").isFalse();
    }
}
