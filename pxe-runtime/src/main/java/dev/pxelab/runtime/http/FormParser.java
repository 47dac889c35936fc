package dev.pxelab.runtime.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code application/x-www-form-urlencoded}, as cloud-init's phone_home posts it. */
final class FormParser {

    private FormParser() { }

    static Map<String, String> parse(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                fields.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed form field \"" + pair + "\": " + e.getMessage(), e);
            }
        }
        return fields;
    }
}
