package dev.pxelab.runtime.autoinstall;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pxelab.runtime.autoinstall.Shape.AnyOf;
import dev.pxelab.runtime.autoinstall.Shape.Anything;
import dev.pxelab.runtime.autoinstall.Shape.Bool;
import dev.pxelab.runtime.autoinstall.Shape.Checked;
import dev.pxelab.runtime.autoinstall.Shape.Choice;
import dev.pxelab.runtime.autoinstall.Shape.Complaint;
import dev.pxelab.runtime.autoinstall.Shape.Field;
import dev.pxelab.runtime.autoinstall.Shape.Int;
import dev.pxelab.runtime.autoinstall.Shape.ListOf;
import dev.pxelab.runtime.autoinstall.Shape.MapOf;
import dev.pxelab.runtime.autoinstall.Shape.Obj;
import dev.pxelab.runtime.autoinstall.Shape.Section;
import dev.pxelab.runtime.autoinstall.Shape.Text;
import dev.pxelab.runtime.autoinstall.Shape.UnknownKeys;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Walks a YAML node tree against a {@link Shape}, reporting every mismatch (it never stops at the first). */
final class ShapeChecker {

    private final Findings findings;

    ShapeChecker(Findings findings) {
        this.findings = findings;
    }

    /**
     * @param anchor where to report a missing key: the key node that introduced {@code node}
     */
    void check(Shape shape, Node node, String path, Node anchor) {
        // Java 17: no pattern matching for switch yet, hence the chain.
        if (shape instanceof Text text) {
            checkText(text, node, path);
        } else if (shape instanceof Int range) {
            checkInt(range, node, path);
        } else if (shape instanceof Choice choice) {
            checkChoice(choice, node, path);
        } else if (shape instanceof ListOf list) {
            checkList(list, node, path);
        } else if (shape instanceof MapOf map) {
            checkMap(map, node, path);
        } else if (shape instanceof Obj object) {
            checkObject(object, node, path, anchor);
        } else if (shape instanceof AnyOf any) {
            checkAny(any, node, path, anchor);
        } else if (shape instanceof Section section) {
            if (!Nodes.isNull(node)) {
                check(section.shape(), node, path, anchor);
            }
        } else if (shape instanceof Checked checked) {
            check(checked.shape(), node, path, anchor);
            if (checked.shape().fits(node)) {
                // Rules read only the parts they need and tolerate parts the shape already complained about.
                checked.rule().check(node, path, findings);
            }
        } else if (!(shape instanceof Anything) && !shape.fits(node)) {
            mismatch(shape, node, path); // Bool, Null
        }
    }

    private void checkText(Text text, Node node, String path) {
        if (!text.fits(node)) {
            mismatch(text, node, path);
            return;
        }
        Complaint complaint = text.rule().check(((ScalarNode) node).getValue());
        if (complaint != null) {
            findings.add(complaint.severity(), node, path, complaint.message(), complaint.expected(), complaint.hint());
        }
    }

    private void checkInt(Int range, Node node, String path) {
        if (!range.fits(node)) {
            mismatch(range, node, path);
            return;
        }
        Long value = Nodes.intValue(node);
        if (value == null || value < range.min() || value > range.max()) {
            findings.error(node, path, "got the number " + ((ScalarNode) node).getValue(), range.expected(), null);
        }
    }

    private void checkChoice(Choice choice, Node node, String path) {
        if (!choice.fits(node)) {
            mismatch(choice, node, path);
            return;
        }
        String value = ((ScalarNode) node).getValue();
        if (!choice.values().contains(value)) {
            String lower = value.toLowerCase(Locale.ROOT);
            String hint = choice.values().contains(lower) ? "values are lower case: " + lower : null;
            findings.error(node, path, "unknown value \"" + value + "\"", choice.expected(), hint);
        }
    }

    private void checkList(ListOf list, Node node, String path) {
        if (!list.fits(node)) {
            mismatch(list, node, path);
            return;
        }
        List<Node> items = Nodes.items(node);
        for (int i = 0; i < items.size(); i++) {
            check(list.item(), items.get(i), Nodes.index(path, i), items.get(i));
        }
    }

    private void checkMap(MapOf map, Node node, String path) {
        if (!map.fits(node)) {
            mismatch(map, node, path);
            return;
        }
        reportRepeatedKeys((MappingNode) node, path);
        for (Nodes.Entry entry : Nodes.entries((MappingNode) node).values()) {
            check(map.value(), entry.value(), Nodes.child(path, entry.name()), entry.key());
        }
    }

    private void checkObject(Obj object, Node node, String path, Node anchor) {
        if (!object.fits(node)) {
            mismatch(object, node, path);
            return;
        }
        MappingNode mapping = (MappingNode) node;
        reportRepeatedKeys(mapping, path);
        Map<String, Nodes.Entry> entries = Nodes.entries(mapping);
        for (Nodes.Entry entry : entries.values()) {
            Field field = object.field(entry.name());
            String keyPath = Nodes.child(path, entry.name());
            if (field != null) {
                check(field.shape(), entry.value(), keyPath, entry.key());
            } else if (object.unknownKeys() == UnknownKeys.ERROR) {
                String suggestion = Suggestions.forKey(entry.name(), object.names());
                findings.error(entry.key(), keyPath, "unknown key \"" + entry.name() + "\"; no other keys are"
                        + " allowed here", "one of " + String.join(", ", object.names()),
                        suggestion != null ? suggestion : "remove it");
            } else if (object.unknownKeys() == UnknownKeys.DROPPED) {
                findings.warning(entry.key(), keyPath, "unknown key \"" + entry.name() + "\": the installer ignores it in"
                        + " autoinstall version 1", null, Suggestions.forKey(entry.name(), object.names()));
            } else if (object.unknownKeys() == UnknownKeys.WARNING) {
                findings.warning(entry.key(), keyPath, "unknown key \"" + entry.name() + "\"", null,
                        Suggestions.forKey(entry.name(), object.names()));
            } else if (Suggestions.otherSpelling(entry.name(), object.names()) != null) {
                // Open mappings pass unknown keys, but lock-passwd for lock_passwd is a mistake, not an extension.
                String known = Suggestions.otherSpelling(entry.name(), object.names());
                findings.warning(entry.key(), keyPath, "unknown key \"" + entry.name() + "\"", null,
                        "did you mean \"" + known + "\"?");
            }
        }
        for (Field field : object.fields()) {
            if (field.required() && !entries.containsKey(field.name())) {
                findings.error(anchor, Nodes.child(path, field.name()), "missing", field.shape().expected(), null);
            }
        }
    }

    private void checkAny(AnyOf any, Node node, String path, Node anchor) {
        for (Shape option : any.options()) {
            if (option.fits(node)) {
                check(option, node, path, anchor);
                return;
            }
        }
        mismatch(any, node, path);
    }

    private void reportRepeatedKeys(MappingNode mapping, String path) {
        for (ScalarNode key : Nodes.repeatedKeys(mapping)) {
            findings.warning(key, Nodes.child(path, key.getValue()), "key appears more than once; only the last one counts",
                    null, "remove or merge the duplicates");
        }
    }

    /** The node is of the wrong kind: say what it is, what was wanted and, for the usual YAML traps, why. */
    private void mismatch(Shape shape, Node node, String path) {
        findings.error(node, path, "got " + Nodes.describe(node), shape.expected(), hintFor(shape, node));
    }

    private static String hintFor(Shape shape, Node node) {
        boolean wantsString = shape instanceof Text || shape instanceof Choice
                || (shape instanceof AnyOf any && any.options().stream().anyMatch(o -> o instanceof Text || o instanceof Choice));
        if (node instanceof ScalarNode scalar && !Nodes.isString(scalar) && !Nodes.isNull(scalar) && wantsString) {
            String why = Nodes.isYaml11Word(scalar) ? "YAML 1.1 reads an unquoted " + scalar.getValue() + " as a boolean; " : "";
            return why + "quote it: \"" + scalar.getValue() + "\"";
        }
        if (Nodes.isString(node) && shape instanceof Bool) {
            // Only a quoted boolean word becomes a boolean without its quotes; "yes please" stays a string.
            return Nodes.isYaml11BoolWord(((ScalarNode) node).getValue()) ? "remove the quotes" : "write true or false";
        }
        if (Nodes.isString(node) && shape instanceof Int) {
            return ((ScalarNode) node).getValue().strip().matches("[-+]?\\d+") ? "remove the quotes" : "write a whole number";
        }
        if (node instanceof ScalarNode && !Nodes.isNull(node) && shape instanceof ListOf) {
            return "write a list: one item per line, each starting with \"- \"";
        }
        return null;
    }
}
