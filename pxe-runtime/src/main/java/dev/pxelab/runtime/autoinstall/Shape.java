package dev.pxelab.runtime.autoinstall;

import java.util.List;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * What a YAML node must look like: the vocabulary the autoinstall model is written in
 * ({@link AutoinstallModel}). {@link ShapeChecker} walks a document against a shape.
 */
sealed interface Shape {

    /** What a node of this shape is, as the "expected ..." part of a problem reads. */
    String expected();

    /** Whether the node is of the right kind at all (used to pick among {@link AnyOf} options). */
    boolean fits(Node node);

    /** A string, optionally with a syntax of its own. */
    record Text(String expected, TextRule rule) implements Shape {
        public boolean fits(Node node) {
            return Nodes.isString(node);
        }
    }

    /** true or false (YAML 1.1: also yes/no/on/off). */
    record Bool() implements Shape {
        public String expected() {
            return "true or false";
        }

        public boolean fits(Node node) {
            return Nodes.isBool(node);
        }
    }

    record Int(long min, long max) implements Shape {
        public String expected() {
            if (min == max) {
                return "the number " + min;
            }
            return max == Long.MAX_VALUE ? "a whole number >= " + min : "a whole number from " + min + " to " + max;
        }

        public boolean fits(Node node) {
            return Nodes.isInt(node);
        }
    }

    /** One of a fixed set of words. */
    record Choice(List<String> values) implements Shape {
        public Choice {
            values = List.copyOf(values);
        }

        public String expected() {
            return values.size() == 1 ? values.get(0) : "one of " + String.join(", ", values);
        }

        public boolean fits(Node node) {
            return Nodes.isString(node);
        }
    }

    /** An explicit null (an empty value), where the installer treats it as "use the default". */
    record Null() implements Shape {
        public String expected() {
            return "nothing";
        }

        public boolean fits(Node node) {
            return Nodes.isNull(node);
        }
    }

    record ListOf(Shape item) implements Shape {
        public String expected() {
            String each = item.expected();
            return each.startsWith("a ") && !each.contains(" or ") ? "a list of " + plural(each) : "a list, each item " + each;
        }

        public boolean fits(Node node) {
            return node instanceof SequenceNode;
        }

        private static String plural(String expected) {
            return expected.startsWith("a ") ? expected.substring(2) + "s" : expected;
        }
    }

    /** A mapping whose keys are the user's names (reporting hooks, netplan interface ids). */
    record MapOf(String whatKeysName, Shape value) implements Shape {
        public String expected() {
            return "a mapping of " + whatKeysName + " to " + value.expected();
        }

        public boolean fits(Node node) {
            return node instanceof MappingNode;
        }
    }

    /**
     * What an object does with a key it does not know. The installer's schema closes some objects
     * ({@code additionalProperties: false}): there an unknown key fails the install. Elsewhere it
     * passes, and pxelab only warns (likely a typo) or, for open-ended mappings, stays silent.
     */
    enum UnknownKeys {
        /** additionalProperties: false: the file fails. */
        ERROR,
        /** The autoinstall mapping itself: in version 1 the installer logs and drops the key (version 2 fails). */
        DROPPED,
        /** An open object: the key passes, and pxelab warns (likely a typo). */
        WARNING,
        /** An open-ended mapping: silent, except for a known key spelt with - for _ or the reverse. */
        IGNORED
    }

    /** A mapping with known keys. */
    record Obj(String expected, List<Field> fields, UnknownKeys unknownKeys) implements Shape {
        public Obj {
            fields = List.copyOf(fields);
        }

        public boolean fits(Node node) {
            return node instanceof MappingNode;
        }

        Field field(String name) {
            return fields.stream().filter(field -> field.name().equals(name)).findFirst().orElse(null);
        }

        List<String> names() {
            return fields.stream().map(Field::name).toList();
        }
    }

    /** The first option whose kind fits the node decides; e.g. a command is a string or a list of strings. */
    record AnyOf(List<Shape> options) implements Shape {
        public AnyOf {
            options = List.copyOf(options);
        }

        public String expected() {
            return options.stream().map(Shape::expected).collect(Collectors.joining(" or "));
        }

        public boolean fits(Node node) {
            return options.stream().anyMatch(option -> option.fits(node));
        }
    }

    /** Free-form content the installer passes on untouched (apt sources, debconf text). */
    record Anything(String expected) implements Shape {
        public boolean fits(Node node) {
            return true;
        }
    }

    /**
     * A top-level section the installer skips when it is empty: subiquity validates a section
     * against its controller's schema only when the value is not null, and its controllers take
     * null as "not given" (so {@code late-commands:} with nothing after it is fine).
     */
    record Section(Shape shape) implements Shape {
        public String expected() {
            return shape.expected();
        }

        public boolean fits(Node node) {
            return Nodes.isNull(node) || shape.fits(node);
        }
    }

    /** A shape plus a rule across its parts (a webhook needs an endpoint, storage ids must resolve). */
    record Checked(Shape shape, NodeRule rule) implements Shape {
        public String expected() {
            return shape.expected();
        }

        public boolean fits(Node node) {
            return shape.fits(node);
        }
    }

    record Field(String name, Shape shape, boolean required) {
    }

    /** What is wrong with a string, or null when nothing is. */
    @FunctionalInterface
    interface TextRule {
        Complaint check(String text);
    }

    /** A rule over a whole node, run after its shape has been checked. */
    @FunctionalInterface
    interface NodeRule {
        void check(Node node, String path, Findings findings);
    }

    record Complaint(Severity severity, String message, String expected, String hint) {
        static Complaint error(String message, String expected, String hint) {
            return new Complaint(Severity.ERROR, message, expected, hint);
        }

        static Complaint warning(String message, String expected, String hint) {
            return new Complaint(Severity.WARNING, message, expected, hint);
        }

        Complaint asWarning() {
            return new Complaint(Severity.WARNING, message, expected, hint);
        }
    }
}
