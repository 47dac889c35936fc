package dev.pxelab.runtime.lab;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Puts what the lab needs into a host's autoinstall data: the lab's SSH key in
 * {@code ssh.authorized-keys} (with {@code ssh.install-server: true}), a {@code reporting} webhook
 * named {@code pxelab} that posts the installer's events to the provisioner (next to any reporters
 * the user configured), and the host's name, when given, as {@code identity.hostname}: one
 * document can then serve many MACs. Works on YAML nodes, not on loaded
 * values, so every other scalar is written back exactly as the user wrote it (a MAC stays a MAC
 * instead of becoming a base-60 number).
 */
final class UserDataInjector {

    private UserDataInjector() {
    }

    /**
     * The user-data with the key, the webhook (when {@code eventsUrl} is given) and the hostname
     * (when given, in place of the document's own) added; the {@code #cloud-config} line kept.
     */
    static String inject(Document userData, String authorizedKey, String hostname, String eventsUrl) {
        return inject(userData, authorizedKey, hostname, eventsUrl, false);
    }

    /**
     * As {@link #inject(Document, String, String, String)}; with {@code rootLogin} also one
     * late-command, after the user's own, that lets the lab's key log in as root on the installed
     * system ({@code /root/.ssh/authorized_keys}): tests read {@code /etc/shadow}, ask systemd and
     * look at LVM as root, without the config under test having to grant anything.
     */
    static String inject(Document userData, String authorizedKey, String hostname, String eventsUrl,
                         boolean rootLogin) {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(userData.content()));
        if (!(root instanceof MappingNode top)) {
            throw new IllegalArgumentException(userData.origin() + ": user-data is not a YAML mapping");
        }
        MappingNode autoinstall = child(top, "autoinstall").filter(MappingNode.class::isInstance)
                .map(MappingNode.class::cast)
                .or(() -> child(top, "version").map(v -> top))
                .orElseThrow(() -> new IllegalArgumentException(userData.origin()
                        + ": user-data has no autoinstall section, so pxelab cannot give the installed system its SSH key"));
        MappingNode ssh = mapping(autoinstall, "ssh");
        SequenceNode keys = sequence(ssh, "authorized-keys");
        keys.getValue().add(scalar(authorizedKey));
        if (child(ssh, "install-server").isEmpty()) {
            ssh.getValue().add(new NodeTuple(scalar("install-server"), new ScalarNode(Tag.BOOL, "true", null, null,
                    DumperOptions.ScalarStyle.PLAIN)));
        }
        if (eventsUrl != null) {
            MappingNode reporting = mapping(autoinstall, "reporting");
            reporting.getValue().removeIf(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("pxelab"));
            MappingNode hook = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
            hook.getValue().add(new NodeTuple(scalar("type"), scalar("webhook")));
            hook.getValue().add(new NodeTuple(scalar("endpoint"), scalar(eventsUrl)));
            reporting.getValue().add(new NodeTuple(scalar("pxelab"), hook));
        }
        if (rootLogin) {
            SequenceNode late = sequence(autoinstall, "late-commands");
            SequenceNode argv = new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
            for (String word : List.of("curtin", "in-target", "--target=/target", "--", "sh", "-c",
                    "mkdir -p /root/.ssh && chmod 700 /root/.ssh && echo '" + authorizedKey + "' >> /root/.ssh/authorized_keys"
                            + " && chmod 600 /root/.ssh/authorized_keys")) {
                argv.getValue().add(scalar(word));
            }
            late.getValue().add(argv);
        }
        if (hostname != null) {
            child(autoinstall, "identity").filter(MappingNode.class::isInstance).map(MappingNode.class::cast)
                    .ifPresent(identity -> {
                        identity.getValue().removeIf(t -> t.getKeyNode() instanceof ScalarNode k
                                && k.getValue().equals("hostname"));
                        identity.getValue().add(new NodeTuple(scalar("hostname"), scalar(hostname)));
                    });
        }
        toBlockStyle(root);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(4096);
        StringWriter out = new StringWriter();
        if (userData.content().startsWith("#cloud-config")) {
            out.write("#cloud-config\n");
        }
        new Yaml(options).serialize(root, out);
        return out.toString();
    }

    /** {@code identity.username} as the user-data has it: the user pxelab logs in as. */
    static Optional<String> username(Document userData) {
        return identityField(userData, "username");
    }

    /** {@code identity.hostname} as the user-data has it. */
    static Optional<String> hostname(Document userData) {
        return identityField(userData, "hostname");
    }

    private static Optional<String> identityField(Document userData, String field) {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(userData.content()));
        if (!(root instanceof MappingNode top)) {
            return Optional.empty();
        }
        MappingNode autoinstall = child(top, "autoinstall").filter(MappingNode.class::isInstance)
                .map(MappingNode.class::cast).orElse(top);
        return child(autoinstall, "identity").filter(MappingNode.class::isInstance).map(MappingNode.class::cast)
                .flatMap(identity -> child(identity, field))
                .filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
    }

    /**
     * Writes every collection in block style: in flow style a scalar such as a MAC cannot stay
     * plain, and SnakeYAML would quote it and add an explicit tag.
     */
    private static void toBlockStyle(Node node) {
        if (node instanceof MappingNode map) {
            map.setFlowStyle(DumperOptions.FlowStyle.BLOCK);
            map.getValue().forEach(tuple -> {
                toBlockStyle(tuple.getKeyNode());
                toBlockStyle(tuple.getValueNode());
            });
        } else if (node instanceof SequenceNode seq) {
            seq.setFlowStyle(DumperOptions.FlowStyle.BLOCK);
            seq.getValue().forEach(UserDataInjector::toBlockStyle);
        }
    }

    private static Optional<Node> child(MappingNode map, String key) {
        for (NodeTuple tuple : map.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(tuple.getValueNode());
            }
        }
        return Optional.empty();
    }

    private static MappingNode mapping(MappingNode parent, String key) {
        Optional<Node> existing = child(parent, key);
        if (existing.isPresent() && existing.get() instanceof MappingNode map) {
            return map;
        }
        if (existing.isPresent() && !(existing.get() instanceof ScalarNode s && s.getTag() == Tag.NULL)) {
            throw new IllegalArgumentException("'" + key + "' in the user-data must be a mapping");
        }
        parent.getValue().removeIf(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key));
        MappingNode created = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        parent.getValue().add(new NodeTuple(scalar(key), created));
        return created;
    }

    private static SequenceNode sequence(MappingNode parent, String key) {
        Optional<Node> existing = child(parent, key);
        if (existing.isPresent() && existing.get() instanceof SequenceNode seq) {
            return seq;
        }
        parent.getValue().removeIf(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key));
        SequenceNode created = new SequenceNode(Tag.SEQ, new ArrayList<>(List.of()), DumperOptions.FlowStyle.BLOCK);
        parent.getValue().add(new NodeTuple(scalar(key), created));
        return created;
    }

    private static ScalarNode scalar(String value) {
        return new ScalarNode(Tag.STR, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }
}
