package dev.pxelab.runtime.autoinstall;

import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Rules that span sections: who can log in, and whether the install really runs unattended. */
final class CrossChecks {

    private CrossChecks() {
    }

    static void check(MappingNode autoinstall, String path, Node anchor, Findings findings) {
        Map<String, Nodes.Entry> sections = Nodes.entries(autoinstall);
        Node userData = value(sections, "user-data");
        Node identity = value(sections, "identity");
        Node interactive = value(sections, "interactive-sections");

        if (identity == null && !createsUsers(userData) && !listsSection(interactive, "identity")) {
            findings.error(anchor, Nodes.child(path, "identity"), "missing",
                    "an identity section (hostname, username, password)", "or create users in user-data: users: [...]");
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
