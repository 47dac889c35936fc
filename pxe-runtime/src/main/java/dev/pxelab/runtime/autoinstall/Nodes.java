package dev.pxelab.runtime.autoinstall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reading composed YAML nodes the way the installer's YAML 1.1 loader would construct them. */
final class Nodes {

    private Nodes() {
    }

    /** A mapping entry: the key node (for its position) and the value node. */
    record Entry(ScalarNode key, Node value) {
        String name() {
            return key.getValue();
        }
    }

    /** The entries of a mapping with scalar keys, in file order; a repeated key keeps its last value, as PyYAML does. */
    static Map<String, Entry> entries(MappingNode mapping) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                entries.put(key.getValue(), new Entry(key, tuple.getValueNode()));
            }
        }
        return entries;
    }

    /** Keys that appear more than once (later ones win silently in the installer, which hides mistakes). */
    static List<ScalarNode> repeatedKeys(MappingNode mapping) {
        Map<String, ScalarNode> seen = new LinkedHashMap<>();
        List<ScalarNode> repeated = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && seen.putIfAbsent(key.getValue(), key) != null) {
                repeated.add(key);
            }
        }
        return repeated;
    }

    static Node get(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    static List<Node> items(Node node) {
        return node instanceof SequenceNode sequence ? sequence.getValue() : List.of();
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
    }

    static boolean isString(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.STR);
    }

    static boolean isBool(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.BOOL);
    }

    static boolean isInt(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.INT);
    }

    /** The value of a YAML 1.1 boolean: yes/true/on (any of the three cases) are true. */
    static boolean boolValue(Node node) {
        String text = ((ScalarNode) node).getValue().toLowerCase(Locale.ROOT);
        return text.equals("yes") || text.equals("true") || text.equals("on") || text.equals("y");
    }

    static boolean isTrue(Node node) {
        return isBool(node) && boolValue(node);
    }

    /** The text of a string scalar, or null for anything else. */
    static String text(Node node) {
        return isString(node) ? ((ScalarNode) node).getValue() : null;
    }

    /** A YAML 1.1 integer (decimal, 0x.., 0.., 0b.., with underscores), or null when out of range. */
    static Long intValue(Node node) {
        String text = ((ScalarNode) node).getValue().replace("_", "");
        try {
            if (text.contains(":")) {
                return null; // base 60: nobody writes this in an autoinstall file
            }
            boolean negative = text.startsWith("-");
            String digits = text.replaceFirst("^[-+]", "");
            long value;
            if (digits.startsWith("0x")) {
                value = Long.parseLong(digits.substring(2), 16);
            } else if (digits.startsWith("0b")) {
                value = Long.parseLong(digits.substring(2), 2);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                value = Long.parseLong(digits.substring(1), 8);
            } else {
                value = Long.parseLong(digits);
            }
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** How a node reads to a person: "a mapping", "the boolean false", "the string "x"". */
    static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return "nothing (null)";
        }
        if (tag.equals(Tag.BOOL)) {
            return "the boolean " + boolValue(scalar) + (isYaml11Word(scalar) ? " (unquoted " + scalar.getValue() + ")" : "");
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "the number " + scalar.getValue();
        }
        if (tag.equals(Tag.TIMESTAMP)) {
            return "the timestamp " + scalar.getValue();
        }
        return "the string \"" + abbreviate(scalar.getValue()) + "\"";
    }

    /** yes/no/on/off: booleans in YAML 1.1 only, which surprises people used to YAML 1.2. */
    static boolean isYaml11Word(ScalarNode scalar) {
        String text = scalar.getValue().toLowerCase(Locale.ROOT);
        return scalar.getTag().equals(Tag.BOOL) && !text.equals("true") && !text.equals("false");
    }

    /** Whether text, unquoted, would read as a boolean (PyYAML's YAML 1.1 words, as the installer reads them). */
    static boolean isYaml11BoolWord(String text) {
        return YAML11_BOOL_WORDS.contains(text);
    }

    private static final Set<String> YAML11_BOOL_WORDS = Set.of("yes", "Yes", "YES", "no", "No", "NO",
            "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF");

    static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }
}
