package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.net.MacAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-host secrets installers put in their report URLs ({@code /<mac>/events?key=...}): a
 * host's key is derived from one random lab secret and its MAC, so it needs no storage and no
 * other host can work it out. {@link #NONE} asks no key of anyone (a served lab, whose
 * documents are the user's own and carry no key); the source address is checked either way.
 */
public final class ReportKeys {

    /** Reports need no key. */
    public static final ReportKeys NONE = new ReportKeys(null);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    private ReportKeys(byte[] secret) {
        this.secret = secret;
    }

    /** Keys from a new random secret: for one lab's lifetime. */
    public static ReportKeys random() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new ReportKeys(secret);
    }

    /** The key of {@code mac} (22 URL-safe characters), or null when reports need none. */
    public String keyOf(MacAddress mac) {
        if (secret == null) {
            return null;
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = hmac.doFinal(mac.value().getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** {@code eventsUrl} with {@code mac}'s key appended, or unchanged when reports need none. */
    public String withKey(String eventsUrl, MacAddress mac) {
        String key = keyOf(mac);
        return key == null ? eventsUrl : eventsUrl + (eventsUrl.contains("?") ? "&" : "?") + "key=" + key;
    }

    @Override
    public String toString() {
        return secret == null ? "ReportKeys[none]" : "ReportKeys[random]";
    }
}
