package dev.pxelab.runtime.lab;

import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A user-data read as plain YAML, for the pre-boot checks that hold a config against the machine
 * (NicNameCheck, DiskPathCheck). A file that cannot be read gives nothing here: validation says
 * where it is broken.
 */
final class UserDataTree {

    private UserDataTree() {
    }

    /** The node at {@code keys} (mapping keys from the root), or null when there is none. */
    static Object at(String userData, String... keys) {
        Object node;
        try {
            node = new Yaml(new LoaderOptions()).load(userData);
        } catch (YAMLException | IllegalArgumentException e) {
            return null;
        }
        for (String key : keys) {
            node = child(node, key);
        }
        return node;
    }

    /** {@code node}'s value for {@code key} when it is a mapping, else null. */
    static Object child(Object node, String key) {
        return node instanceof Map<?, ?> map ? map.get(key) : null;
    }
}
