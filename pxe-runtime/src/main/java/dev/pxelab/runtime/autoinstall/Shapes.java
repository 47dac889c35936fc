package dev.pxelab.runtime.autoinstall;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.pxelab.runtime.autoinstall.Shape.AnyOf;
import dev.pxelab.runtime.autoinstall.Shape.Anything;
import dev.pxelab.runtime.autoinstall.Shape.Bool;
import dev.pxelab.runtime.autoinstall.Shape.Checked;
import dev.pxelab.runtime.autoinstall.Shape.Choice;
import dev.pxelab.runtime.autoinstall.Shape.Field;
import dev.pxelab.runtime.autoinstall.Shape.Int;
import dev.pxelab.runtime.autoinstall.Shape.ListOf;
import dev.pxelab.runtime.autoinstall.Shape.MapOf;
import dev.pxelab.runtime.autoinstall.Shape.NodeRule;
import dev.pxelab.runtime.autoinstall.Shape.Null;
import dev.pxelab.runtime.autoinstall.Shape.Obj;
import dev.pxelab.runtime.autoinstall.Shape.Text;
import dev.pxelab.runtime.autoinstall.Shape.TextRule;
import dev.pxelab.runtime.autoinstall.Shape.UnknownKeys;

/** Short factory names so that the models read like the documentation they follow. */
final class Shapes {

    private Shapes() {
    }

    static Shape string() {
        return new Text("a string", text -> null);
    }

    static Shape string(String expected, TextRule rule) {
        return new Text(expected, rule);
    }

    /**
     * A string whose syntax pxelab checks as advice: the installer (or cloud-init) takes any
     * string here, so a finding is a warning and never flips the verdict.
     */
    static Shape adviceString(String expected, TextRule rule) {
        return new Text(expected, text -> {
            Shape.Complaint complaint = rule.check(text);
            return complaint == null ? null : complaint.asWarning();
        });
    }

    static Shape bool() {
        return new Bool();
    }

    static Shape integer(long min, long max) {
        return new Int(min, max);
    }

    static Shape exactly(long value) {
        return new Int(value, value);
    }

    static Shape oneOf(String... values) {
        return new Choice(List.of(values));
    }

    /** The words of an enum as the YAML spells them: {@code POWER_OFF} -> {@code power-off}. */
    static Shape oneOf(Class<? extends Enum<?>> values) {
        return new Choice(Arrays.stream(values.getEnumConstants()).map(Shapes::yamlName).toList());
    }

    static String yamlName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Shape nothing() {
        return new Null();
    }

    static Shape listOf(Shape item) {
        return new ListOf(item);
    }

    /** A list that must have an item (a schema's {@code minItems: 1}). */
    static Shape nonEmptyListOf(Shape item) {
        return new Checked(new ListOf(item), (node, path, findings) -> {
            if (Nodes.items(node).isEmpty()) {
                findings.error(node, path, "an empty list", "at least one item", "remove the key, or add an item");
            }
        });
    }

    static Shape mapOf(String whatKeysName, Shape value) {
        return new MapOf(whatKeysName, value);
    }

    static Shape anyOf(Shape... options) {
        return new AnyOf(List.of(options));
    }

    static Shape anything(String expected) {
        return new Anything(expected);
    }

    static Shape checked(Shape shape, NodeRule rule) {
        return new Checked(shape, rule);
    }

    /**
     * A mapping the installer's schema leaves open: an unknown key is accepted by the installer,
     * so pxelab only warns about it (usually a typo).
     */
    static Obj object(String expected, Field... fields) {
        return new Obj(expected, List.of(fields), UnknownKeys.WARNING);
    }

    /** The autoinstall mapping: unknown top-level keys are dropped with a warning in version 1 (subiquity's server). */
    static Obj topLevel(String expected, Field... fields) {
        return new Obj(expected, List.of(fields), UnknownKeys.DROPPED);
    }

    /** A mapping the installer's schema closes ({@code additionalProperties: false}): an unknown key is an error. */
    static Obj closedObject(String expected, Field... fields) {
        return new Obj(expected, List.of(fields), UnknownKeys.ERROR);
    }

    /** A mapping of which only some keys are checked; others pass silently (netplan, cloud-config). */
    static Obj openObject(String expected, Field... fields) {
        return new Obj(expected, List.of(fields), UnknownKeys.IGNORED);
    }

    /** A top-level autoinstall section: a controller's, so null means "not given" ({@link Shape.Section}). */
    static Field section(String name, Shape shape) {
        return new Field(name, new Shape.Section(shape), false);
    }

    static Field required(String name, Shape shape) {
        return new Field(name, shape, true);
    }

    static Field optional(String name, Shape shape) {
        return new Field(name, shape, false);
    }

    /**
     * Installer commands (early-, late-, error-commands): a list whose items are a shell command line
     * or an argv list; curtin runs a string through {@code sh -c}.
     */
    static Shape commands() {
        return listOf(anyOf(string(), listOf(string())));
    }
}
