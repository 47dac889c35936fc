package dev.pxelab.runtime.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A string with {@code ${name}} placeholders: the one placeholder syntax of the project, for boot
 * profiles and for the URLs the DHCP server hands out. Checked when it is made, so that a typo
 * fails when the configuration is defined, not when a machine boots. {@code $$} is a literal
 * {@code $}, which lets a command line carry variables for iPXE itself ({@code $${net0/ip}}).
 */
public final class Template {

    private final String what;
    private final String text;
    private final List<Object> parts; // String literals and Placeholder names

    private record Placeholder(String name) { }

    private Template(String what, String text, List<Object> parts) {
        this.what = what;
        this.text = text;
        this.parts = parts;
    }

    /**
     * @param what names the string in error messages, e.g. {@code boot profile 'ubuntu' command line}
     * @param placeholders the names this string may use
     * @throws IllegalArgumentException naming the unknown or unterminated placeholder
     */
    public static Template parse(String what, String text, Set<String> placeholders) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
            } else if (text.startsWith("$$", i)) {
                literal.append('$');
                i += 2;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException(what + ": unterminated placeholder at offset " + i
                            + " in \"" + text + "\"");
                }
                String name = text.substring(i + 2, end);
                if (!placeholders.contains(name)) {
                    throw new IllegalArgumentException(what + ": unknown placeholder ${" + name + "} at offset " + i
                            + " in \"" + text + "\"; known: " + known(placeholders) + " (write $$ for a literal $)");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(new Placeholder(name));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new Template(what, text, List.copyOf(parts));
    }

    /** @throws IllegalStateException when a placeholder used here has no value (null) in {@code values} */
    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder p) {
                String value = values.get(p.name());
                if (value == null) {
                    throw new IllegalStateException(what + " uses ${" + p.name() + "}, but it has no value here");
                }
                out.append(value);
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    private static String known(Set<String> placeholders) {
        return String.join(", ", placeholders.stream().sorted().map(n -> "${" + n + "}").toList());
    }

    @Override
    public String toString() {
        return text;
    }
}
