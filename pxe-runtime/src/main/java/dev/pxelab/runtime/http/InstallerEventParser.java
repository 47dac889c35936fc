package dev.pxelab.runtime.http;

import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the JSON that curtin's webhook reporter posts, e.g.
 * {@code {"name": "cmd-install/stage-partitioning", "description": "...", "event_type": "finish",
 * "origin": "curtin", "timestamp": 1732550000.12, "level": "INFO", "result": "SUCCESS"}}.
 *
 * <p>Parsed with SnakeYAML: every JSON document these reporters send is also YAML. Raw tabs are
 * the one gap (YAML forbids them as indentation, JSON allows them between tokens, and valid JSON
 * never has a raw tab inside a string), so they become spaces first.
 */
final class InstallerEventParser {

    /** Curtin may attach whole log files, base64-encoded, under "files". */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private InstallerEventParser() { }

    /** @throws IllegalArgumentException saying what is wrong with the body */
    static InstallerEvent parse(MacAddress mac, byte[] body, Instant received) {
        if (body.length == 0) {
            throw new IllegalArgumentException("empty body: expected a JSON object (a curtin reporting event)");
        }
        String text = new String(body, StandardCharsets.UTF_8).replace('\t', ' ');
        Object document;
        try {
            document = yaml().load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a JSON object (a curtin reporting event), got "
                    + (document == null ? "null" : document.getClass().getSimpleName().toLowerCase()));
        }
        String eventType = string(map, "event_type");
        String name = string(map, "name");
        if (eventType == null || name == null) {
            throw new IllegalArgumentException("a reporting event needs \"name\" and \"event_type\", got keys "
                    + map.keySet());
        }
        return new InstallerEvent(received, mac, name, string(map, "description"), eventType,
                string(map, "origin"), string(map, "result"), string(map, "level"), timestamp(map));
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    private static String string(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    private static Double timestamp(Map<?, ?> map) {
        Object value = map.get("timestamp");
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            // YAML 1.1 reads JSON's 1.7e9 (no dot) as a string.
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"timestamp\" must be seconds since the epoch, got \"" + s + "\"");
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        return message.replace('\n', ' ').replaceAll(" +", " ").strip();
    }
}
