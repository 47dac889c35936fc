package dev.pxelab.runtime.autoinstall;

import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The opt-in check for {@link ValidationProfile#PXELAB_TEST_OS}: the hermetic test OS honours a
 * stated subset of autoinstall and rejects the rest, so a config meant for it must stay inside it.
 */
final class TestOsSupport {

    private TestOsSupport() {
    }

    static final Set<String> SECTIONS = Set.of("version", "identity", "ssh", "storage", "early-commands",
            "late-commands", "reporting", "user-data", "shutdown");
    private static final Set<String> SSH_KEYS = Set.of("install-server", "authorized-keys", "allow-pw");
    private static final String MESSAGE = "not supported by the pxelab test OS";
    private static final String SUPPORTED = "only version, identity, ssh (install-server, authorized-keys, allow-pw),"
            + " storage (layout direct), early-commands, late-commands, reporting (webhook), user-data, shutdown";
    private static final String HINT = "remove it, or validate with profile ubuntu and test it with Ubuntu's installer";

    static void check(MappingNode autoinstall, String path, Findings findings) {
        boolean listed = false;
        for (Nodes.Entry section : Nodes.entries(autoinstall).values()) {
            String sectionPath = Nodes.child(path, section.name());
            if (!SECTIONS.contains(section.name())) {
                // The list of what is supported is long: say it with the first unsupported section only.
                findings.error(section.key(), sectionPath, MESSAGE, listed ? null : SUPPORTED, HINT);
                listed = true;
            } else if (section.name().equals("ssh")) {
                unsupportedKeys(section.value(), sectionPath, SSH_KEYS, "install-server, authorized-keys, allow-pw", findings);
            } else if (section.name().equals("storage")) {
                checkStorage(section.value(), sectionPath, findings);
            } else if (section.name().equals("reporting") && section.value() instanceof MappingNode hooks) {
                for (Map.Entry<String, Nodes.Entry> hook : Nodes.entries(hooks).entrySet()) {
                    Node type = Nodes.get(hook.getValue().value(), "type");
                    String name = Nodes.text(type);
                    if (name != null && !name.equals("webhook")) {
                        findings.error(type, sectionPath + "." + hook.getKey() + ".type",
                                "reporting type " + name + " is " + MESSAGE, "webhook", HINT);
                    }
                }
            }
        }
    }

    private static void checkStorage(Node storage, String path, Findings findings) {
        unsupportedKeys(storage, path, Set.of("layout"), "layout: {name: direct}", findings);
        Node layout = Nodes.get(storage, "layout");
        unsupportedKeys(layout, Nodes.child(path, "layout"), Set.of("name"), "layout: {name: direct}", findings);
        Node name = Nodes.get(layout, "name");
        String layoutName = Nodes.text(name);
        if (layoutName != null && !layoutName.equals("direct")) {
            findings.error(name, Nodes.child(path, "layout.name"), "layout " + layoutName + " is " + MESSAGE, "direct", HINT);
        }
    }

    private static void unsupportedKeys(Node mapping, String path, Set<String> supported, String expected, Findings findings) {
        if (mapping instanceof MappingNode map) {
            for (Nodes.Entry entry : Nodes.entries(map).values()) {
                if (!supported.contains(entry.name())) {
                    findings.error(entry.key(), Nodes.child(path, entry.name()), MESSAGE, expected, HINT);
                }
            }
        }
    }
}
