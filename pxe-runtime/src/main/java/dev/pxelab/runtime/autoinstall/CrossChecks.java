package dev.pxelab.runtime.autoinstall;

import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Rules that span sections, from the installer's code rather than its schema (who must provide
 * an identity), and pxelab's advice (warnings: whether anyone can log in, whether the install
 * really runs unattended).
 */
final class CrossChecks {

    private CrossChecks() {
    }

    static void check(MappingNode autoinstall, String path, Node anchor, Findings findings) {
        Map<String, Nodes.Entry> sections = Nodes.entries(autoinstall);
        Node userData = value(sections, "user-data");
        // identity: (null) is identity not given: the controller gets None
        Node identity = Nodes.isNull(value(sections, "identity")) ? null : value(sections, "identity");
        Node interactive = value(sections, "interactive-sections");

        if (identity == null && !identityExempt(sections, interactive)) {
            // subiquity's identity controller: without identity it fails with "neither identity nor
            // user-data provided" unless one of the exemptions holds.
            findings.error(anchor, Nodes.child(path, "identity"), "missing: the installer needs an identity section"
                    + " or a user-data section", "an identity section (hostname, username, password)",
                    "add identity, or create users in user-data: users: [...]");
        } else if (identity == null && userData != null && !createsUsers(userData) && !noUsersNeeded(sections)) {
            findings.warning(sections.get("user-data").key(), Nodes.child(path, "user-data"),
                    "neither identity nor user-data creates a user: nobody can log in to the installed system", null,
                    "add users: [...] to user-data, or an identity section");
        }
        if (!Nodes.items(interactive).isEmpty()) {
            findings.warning(sections.get("interactive-sections").key(), Nodes.child(path, "interactive-sections"),
                    "the installer will stop and wait for answers to these sections", null,
                    "remove it for an unattended (CI) install");
        }
        Nodes.Entry ssh = sections.get("ssh");
        if (ssh != null) {
            Node allowPw = Nodes.get(ssh.value(), "allow-pw");
            if (Nodes.isTrue(allowPw) && !anyPassword(identity, userData)) {
                findings.warning(allowPw, Nodes.child(path, "ssh.allow-pw"),
                        "password login is allowed but no user gets a password", null,
                        "set identity.password, or use allow-pw: false with authorized-keys");
            }
            Node keys = Nodes.get(ssh.value(), "authorized-keys");
            if (!Nodes.items(keys).isEmpty() && !Nodes.isTrue(Nodes.get(ssh.value(), "install-server"))) {
                findings.warning(keys, Nodes.child(path, "ssh.authorized-keys"),
                        "keys are installed but no SSH server is", null, "set install-server: true");
            }
        }
    }

    /**
     * When the installer needs no identity section (subiquity's identity controller): a
     * {@code user-data} section is present (whatever it holds), the source is not a server
     * variant, {@code storage.layout.reset-partition-only} is true, or identity is interactive.
     */
    private static boolean identityExempt(Map<String, Nodes.Entry> sections, Node interactive) {
        return sections.containsKey("user-data") || noUsersNeeded(sections) || listsSection(interactive, "identity");
    }

    /** Installs that create no user: Ubuntu Core and desktop sources, and a reset partition alone. */
    private static boolean noUsersNeeded(Map<String, Nodes.Entry> sections) {
        Node source = value(sections, "source");
        Node layout = Nodes.get(value(sections, "storage"), "layout");
        return !SourceVariant.of(Nodes.text(Nodes.get(source, "id"))).isServer()
                || truthy(Nodes.get(layout, "reset-partition-only"));
    }

    /** Python's truthiness, as the installer tests the value: false, null, 0, "" and empty collections are false. */
    private static boolean truthy(Node node) {
        if (node == null || Nodes.isNull(node)) {
            return false;
        }
        if (Nodes.isBool(node)) {
            return Nodes.boolValue(node);
        }
        if (Nodes.isInt(node)) {
            Long value = Nodes.intValue(node);
            return value == null || value != 0;
        }
        if (node instanceof ScalarNode scalar) {
            return !scalar.getValue().isEmpty();
        }
        return node instanceof MappingNode mapping ? !mapping.getValue().isEmpty() : !Nodes.items(node).isEmpty();
    }

    private static Node value(Map<String, Nodes.Entry> sections, String name) {
        Nodes.Entry entry = sections.get(name);
        return entry == null ? null : entry.value();
    }

    private static boolean createsUsers(Node userData) {
        return Nodes.items(Nodes.get(userData, "users")).stream().anyMatch(user -> !"default".equals(Nodes.text(user)));
    }

    private static boolean listsSection(Node interactive, String section) {
        return Nodes.items(interactive).stream().map(Nodes::text).anyMatch(name -> section.equals(name) || "*".equals(name));
    }

    private static boolean anyPassword(Node identity, Node userData) {
        if (Nodes.get(identity, "password") != null || Nodes.get(userData, "chpasswd") != null) {
            return true;
        }
        List<Node> users = Nodes.items(Nodes.get(userData, "users"));
        return users.stream().anyMatch(user -> Nodes.get(user, "passwd") != null
                || Nodes.get(user, "hashed_passwd") != null || Nodes.get(user, "plain_text_passwd") != null);
    }
}
