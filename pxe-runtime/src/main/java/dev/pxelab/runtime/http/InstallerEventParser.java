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

    /**
     * Kept per event at most (longer values are cut): events are kept for the whole lab, and a
     * description is a line of progress, not a log file.
     */
    static final int MAX_NAME = 256;
    static final int MAX_DESCRIPTION = 2048;
    static final int MAX_WORD = 64;

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
        return new InstallerEvent(received, mac, cut(name, MAX_NAME), cut(string(event, "description"), MAX_DESCRIPTION),
                cut(eventType, MAX_WORD), cut(string(event, "origin"), MAX_WORD), cut(string(event, "result"), MAX_WORD),
                cut(string(event, "level"), MAX_WORD), timestamp(event));
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
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
