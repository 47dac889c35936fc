package dev.pxelab.runtime.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads the JSON that curtin's webhook reporter posts, e.g.
 * {@code {"name": "cmd-install/stage-partitioning", "description": "...", "event_type": "finish",
 * "origin": "curtin", "timestamp": 1732550000.12, "level": "INFO", "result": "SUCCESS"}}.
 *
 * <p>Gson, not SnakeYAML: YAML 1.1 is not quite a JSON superset (SnakeYAML rejects the valid
 * escape {@code \/}, tab indentation, and reads {@code 1.7e9} as a string).
 */
final class InstallerEventParser {

    /** Curtin may attach whole log files, base64-encoded, under "files". */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    private InstallerEventParser() { }

    /** @throws IllegalArgumentException saying what is wrong with the body */
    static InstallerEvent parse(MacAddress mac, byte[] body, Instant received) {
        if (body.length == 0) {
            throw new IllegalArgumentException("empty body: expected a JSON object (a curtin reporting event)");
        }
        JsonElement document;
        try {
            document = GSON.fromJson(new String(body, StandardCharsets.UTF_8), JsonElement.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + e.getMessage(), e);
        }
        if (document == null || !document.isJsonObject()) {
            throw new IllegalArgumentException("expected a JSON object (a curtin reporting event), got "
                    + (document == null ? "nothing" : document));
        }
        JsonObject event = document.getAsJsonObject();
        String eventType = string(event, "event_type");
        String name = string(event, "name");
        if (eventType == null || name == null) {
            throw new IllegalArgumentException("a reporting event needs \"name\" and \"event_type\", got keys "
                    + event.keySet());
        }
        return new InstallerEvent(received, mac, name, string(event, "description"), eventType,
                string(event, "origin"), string(event, "result"), string(event, "level"), timestamp(event));
    }

    private static String string(JsonObject event, String key) {
        JsonElement value = event.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string, got " + value);
        }
        return value.getAsString();
    }

    private static Double timestamp(JsonObject event) {
        JsonElement value = event.get("timestamp");
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value instanceof JsonPrimitive p && p.isNumber()) {
            return p.getAsDouble();
        }
        throw new IllegalArgumentException("\"timestamp\" must be seconds since the epoch (a number), got " + value);
    }
}
