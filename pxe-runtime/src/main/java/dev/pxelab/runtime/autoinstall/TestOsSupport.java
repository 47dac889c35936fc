package dev.pxelab.runtime.autoinstall;

import dev.pxelab.runtime.autoinstall.TestOsContract.Section;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The check of the test OS profiles: what the hermetic test OS does with each section comes from
 * its {@link TestOsContract}, the file its installer reads too. Honoured sections are narrowed to
 * what the installer understands, ignored ones are warnings, refused and unknown ones are errors
 * that say why.
 */
final class TestOsSupport {

    private TestOsSupport() {
    }

    private static final String MESSAGE = "not supported by the pxelab test OS";
    private static final String HINT = "remove it, or validate with profile ubuntu and test it with Ubuntu's installer";

    /**
     * @param flavour the test OS flavour whose first boot applies the {@code user-data} section
     *                ({@code tiny}, {@code debian})
     */
    static void check(MappingNode autoinstall, String path, String flavour, Findings findings) {
        TestOsContract contract = TestOsContract.get();
        String supported = "a section the " + flavour + " test OS honours: " + String.join(", ", contract.honoured(flavour));
        boolean listed = false;
        for (Nodes.Entry section : Nodes.entries(autoinstall).values()) {
            String sectionPath = Nodes.child(path, section.name());
            Optional<Section> rule = contract.section(section.name());
            // The list of what is honoured is long: say it with the first refused section only.
            if (rule.isEmpty()) {
                findings.error(section.key(), sectionPath, MESSAGE, listed ? null : supported, HINT);
                listed = true;
                continue;
            }
            switch (rule.get().fate(flavour)) {
                case REFUSED -> {
                    findings.error(section.key(), sectionPath, MESSAGE + ": " + rule.get().why(),
                            listed ? null : supported, HINT);
                    listed = true;
                }
                case IGNORED -> findings.warning(section.key(), sectionPath, "accepted, but without effect in a pxelab"
                        + " lab: " + rule.get().why(), null, "remove it to keep the config minimal, or keep it for"
                        + " Ubuntu's installer");
                case HONOURED -> honoured(rule.get(), section, sectionPath, flavour, findings);
            }
        }
    }

    private static void honoured(Section rule, Nodes.Entry section, String path, String flavour, Findings findings) {
        if (!rule.keys().isEmpty()) {
            unsupportedKeys(section.value(), path, rule.keys(), section.name().equals("storage")
                    ? "layout: {name: direct or lvm}, config (curtin actions), swap" : String.join(", ", rule.keys()), findings);
            ignoredKeys(section.value(), path, rule, findings);
        }
        switch (section.name()) {
            case "version" -> {
                if (section.value() instanceof ScalarNode version && !"1".equals(version.getValue())) {
                    findings.error(section.value(), path, "the pxelab test OS reads autoinstall version 1 only", "1",
                            "write version: 1");
                }
            }
            case "storage" -> checkStorage(section.value(), path, findings);
            case "locale" -> matches(section.value(), path, LOCALE, "a locale name like en_US.UTF-8", findings);
            case "timezone" -> matches(section.value(), path, TIME_ZONE, "a time zone name like Europe/Berlin, or geoip",
                    findings);
            case "packages" -> {
                List<Node> items = Nodes.items(section.value());
                for (int i = 0; i < items.size(); i++) {
                    matches(items.get(i), Nodes.index(path, i), PACKAGE, "a Debian package name", findings);
                }
            }
            case "reporting" -> checkReporting(section.value(), path, findings);
            case "user-data" -> checkUserData(section.value(), path, flavour, findings);
            default -> { }
        }
    }

    private static final Pattern LOCALE =
            Pattern.compile("([A-Za-z]{2,3}(_[A-Za-z]{2})?|C|POSIX)([.][A-Za-z0-9-]+)?(@[a-z]+)?");
    private static final Pattern TIME_ZONE =
            Pattern.compile("geoip|[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    /** The test OS installer's own reading of a string value (autoinstall.sh checks the same pattern). */
    private static void matches(Node value, String path, Pattern pattern, String expected,
                                Findings findings) {
        String text = Nodes.text(value);
        if (value instanceof ScalarNode && text != null && !pattern.matcher(text).matches()) {
            findings.error(value, path, "'" + text + "' is not " + expected, expected, null);
        }
    }

    private static void ignoredKeys(Node mapping, String path, Section rule, Findings findings) {
        if (mapping instanceof MappingNode map) {
            for (Nodes.Entry entry : Nodes.entries(map).values()) {
                if (rule.ignoredKeys().contains(entry.name())) {
                    findings.warning(entry.key(), Nodes.child(path, entry.name()), "accepted, but without effect in a"
                            + " pxelab lab: " + rule.why(), null, "keep it for Ubuntu's installer");
                }
            }
        }
    }

    /** Ubuntu's guided layouts as the installer reads them (autoinstall.sh checks the same). */
    private static void checkStorage(Node storage, String path, Findings findings) {
        Node layout = Nodes.get(storage, "layout");
        Node config = Nodes.get(storage, "config");
        if (layout != null && config != null) {
            findings.error(config, Nodes.child(path, "config"), "storage has both layout and config: Ubuntu's"
                    + " installer would use only the layout", "layout or config", "remove one of them");
        } else if (layout == null && config == null && storage instanceof MappingNode) {
            findings.error(storage, path, "needs a layout or a config", "layout: {name: direct} or a config list",
                    null);
        } else if (config != null) {
            StorageConfigSupport.check(config, Nodes.child(path, "config"), findings);
        }
        String layoutPath = Nodes.child(path, "layout");
        unsupportedKeys(layout, layoutPath, List.of("name", "sizing-policy", "match"), "name, sizing-policy, match",
                findings);
        oneOf(Nodes.get(layout, "name"), Nodes.child(layoutPath, "name"), List.of("direct", "lvm"), findings);
        oneOf(Nodes.get(layout, "sizing-policy"), Nodes.child(layoutPath, "sizing-policy"), List.of("scaled", "all"),
                findings);
        Node match = Nodes.get(layout, "match");
        unsupportedKeys(match, Nodes.child(layoutPath, "match"), List.of("size"), "size: largest or smallest", findings);
        oneOf(Nodes.get(match, "size"), Nodes.child(layoutPath, "match.size"), List.of("largest", "smallest"), findings);
        Node swap = Nodes.get(storage, "swap");
        if (swap != null) {
            matches(Nodes.get(swap, "size"), Nodes.child(path, "swap.size"), SWAP_SIZE, "a size like 0, 512M or 2G",
                    findings);
            if (Nodes.get(swap, "size") == null) {
                findings.error(swap, Nodes.child(path, "swap"), "the test OS installer needs swap.size", "size: 0 for"
                        + " none, or a size like 512M", null);
            }
        }
    }

    private static final Pattern SWAP_SIZE = Pattern.compile("[0-9]+([KMGT]B?)?");

    private static void oneOf(Node value, String path, List<String> supported, Findings findings) {
        String text = Nodes.text(value);
        if (value instanceof ScalarNode && text != null && !supported.contains(text)) {
            findings.error(value, path, text + " is " + MESSAGE, String.join(" or ", supported), HINT);
        }
    }

    private static void checkReporting(Node reporting, String path, Findings findings) {
        if (!(reporting instanceof MappingNode hooks)) {
            return;
        }
        for (Map.Entry<String, Nodes.Entry> hook : Nodes.entries(hooks).entrySet()) {
            String hookPath = path + "." + hook.getKey();
            Node type = Nodes.get(hook.getValue().value(), "type");
            String name = Nodes.text(type);
            if (name == null) {
                continue;
            }
            switch (name) {
                case "webhook" -> {
                    Node endpoint = Nodes.get(hook.getValue().value(), "endpoint");
                    String url = Nodes.text(endpoint);
                    if (url != null && !url.startsWith("http://")) {
                        findings.error(endpoint, hookPath + ".endpoint", "the test OS installer posts its events over"
                                + " plain HTTP only", "an http:// URL", "use http://, or test https with Ubuntu's installer");
                    }
                }
                case "print", "none" -> { }
                case "rsyslog" -> findings.warning(type, hookPath + ".type", "accepted, but a pxelab lab has no"
                        + " syslog server: the installer's events go to the console and to pxelab", null,
                        "keep it for Ubuntu's installer");
                default -> findings.error(type, hookPath + ".type", "reporting type " + name + " is " + MESSAGE,
                        "webhook, print, rsyslog or none", HINT);
            }
        }
    }

    /** The tiny flavour applies a subset of cloud-config on first boot; the debian flavour runs cloud-init. */
    private static void checkUserData(Node userData, String path, String flavour, Findings findings) {
        Optional<List<String>> applied = TestOsContract.get().userDataKeys(flavour);
        if (applied.isEmpty() || !(userData instanceof MappingNode map)) {
            return;
        }
        for (Nodes.Entry entry : Nodes.entries(map).values()) {
            if (!applied.get().contains(entry.name())) {
                findings.error(entry.key(), Nodes.child(path, entry.name()), "not applied by the " + flavour
                        + " test OS's first boot", String.join(", ", applied.get()), "use the debian test OS"
                        + " (@PxeLab(testOs = TestOs.DEBIAN)), whose real cloud-init applies every key");
            }
        }
    }

    private static void unsupportedKeys(Node mapping, String path, List<String> supported, String expected,
                                        Findings findings) {
        if (mapping instanceof MappingNode map) {
            for (Nodes.Entry entry : Nodes.entries(map).values()) {
                if (!supported.contains(entry.name())) {
                    findings.error(entry.key(), Nodes.child(path, entry.name()), MESSAGE, expected, HINT);
                }
            }
        }
    }
}
