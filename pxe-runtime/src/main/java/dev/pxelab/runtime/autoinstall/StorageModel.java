package dev.pxelab.runtime.autoinstall;

import static dev.pxelab.runtime.autoinstall.Shapes.anyOf;
import static dev.pxelab.runtime.autoinstall.Shapes.anything;
import static dev.pxelab.runtime.autoinstall.Shapes.bool;
import static dev.pxelab.runtime.autoinstall.Shapes.checked;
import static dev.pxelab.runtime.autoinstall.Shapes.integer;
import static dev.pxelab.runtime.autoinstall.Shapes.listOf;
import static dev.pxelab.runtime.autoinstall.Shapes.object;
import static dev.pxelab.runtime.autoinstall.Shapes.oneOf;
import static dev.pxelab.runtime.autoinstall.Shapes.openObject;
import static dev.pxelab.runtime.autoinstall.Shapes.optional;
import static dev.pxelab.runtime.autoinstall.Shapes.required;
import static dev.pxelab.runtime.autoinstall.Shapes.string;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.Node;

/**
 * autoinstall's {@code storage} section: either a guided {@code layout} or a curtin action list
 * ({@code config}). Actions are checked for their type, their id and the ids they refer to.
 */
final class StorageModel {

    private StorageModel() {
    }

    /** Guided layouts subiquity knows. */
    enum LayoutName { LVM, DIRECT, ZFS, HYBRID }

    static final List<String> ACTION_TYPES = List.of("disk", "dasd", "partition", "format", "mount", "lvm_volgroup",
            "lvm_partition", "dm_crypt", "raid", "bcache", "zpool", "zfs", "device", "image", "nvme_controller");

    /** The keys each action type needs besides type and id (curtin's storage config reference). */
    private static final Map<String, List<String>> REQUIRED_KEYS = Map.of(
            "partition", List.of("device", "size"),
            "format", List.of("volume", "fstype"),
            "mount", List.of("device"),
            "lvm_volgroup", List.of("name", "devices"),
            "lvm_partition", List.of("name", "volgroup"),
            "dm_crypt", List.of("volume"),
            "raid", List.of("name", "raidlevel", "devices"),
            "zpool", List.of("pool", "vdevs"),
            "zfs", List.of("pool", "volume"));

    /** Keys whose values are ids of other actions, single or listed. */
    private static final List<String> SINGLE_REFERENCES = List.of("device", "volume", "volgroup", "backing_device", "cache_device");
    private static final List<String> LIST_REFERENCES = List.of("devices", "spare_devices", "vdevs");

    private static final Shape SIZE = anyOf(integer(-1, Long.MAX_VALUE),
            string("a size such as 10G, 512M or -1", text -> text.matches("-1|\\d+(\\.\\d+)?[KMGTPkmgtp]?[Bb]?|\\d+%") ? null
                    : Shape.Complaint.error("\"" + text + "\" is not a size", "a number of bytes, or 10G, 512M, 50%, -1 (the rest)", null)));

    private static final Shape MATCH = object("a disk match mapping",
            optional("serial", string()),
            optional("model", string()),
            optional("vendor", string()),
            optional("path", string()),
            optional("id_path", string()),
            optional("devpath", string()),
            optional("size", oneOf("largest", "smallest")),
            optional("ssd", bool()),
            optional("install-media", bool()));

    private static final Shape LAYOUT = object("a layout mapping (name, match, ...)",
            required("name", oneOf(LayoutName.class)),
            optional("match", MATCH),
            optional("sizing-policy", oneOf("scaled", "all")),
            optional("password", string()),
            optional("reset-partition", anyOf(bool(), SIZE)),
            // subiquity's filesystem controller reads layout.reset-partition-only (by truthiness, so any
            // value passes): only (re)create the reset partition; such an install needs no identity (CrossChecks)
            optional("reset-partition-only", anything("true or false")),
            optional("mode", oneOf("reformat_disk", "use_gap")));

    private static final Shape ACTION = openObject("a storage action (type, id, ...)",
            required("type", oneOf(ACTION_TYPES.toArray(String[]::new))),
            required("id", string()),
            optional("match", MATCH),
            optional("size", SIZE),
            optional("ptable", oneOf("gpt", "msdos", "vtoc", "unsupported")),
            optional("wipe", oneOf("superblock", "superblock-recursive", "pvremove", "zero", "random")),
            optional("preserve", bool()),
            optional("grub_device", bool()),
            optional("flag", string()),
            optional("fstype", string()),
            optional("path", string()));

    static final Shape SECTION = checked(object("a storage mapping with layout or config",
            optional("layout", LAYOUT),
            optional("config", checked(listOf(ACTION), StorageModel::actionsResolve)),
            optional("swap", object("a swap mapping",
                    optional("size", SIZE),
                    optional("filename", string()),
                    optional("maxsize", SIZE))),
            optional("grub", anything("grub settings")),
            optional("version", integer(1, 2))), StorageModel::layoutOrConfig);

    private static void layoutOrConfig(Node storage, String path, Findings findings) {
        Node layout = Nodes.get(storage, "layout");
        Node config = Nodes.get(storage, "config");
        if (layout == null && config == null) {
            findings.error(storage, path, "neither layout nor config", "layout: {name: lvm} or a config: action list",
                    "omit storage entirely to get the default lvm layout");
        } else if (layout != null && config != null) {
            findings.warning(config, Nodes.child(path, "config"), "ignored: layout takes precedence over config", null,
                    "remove one of them");
        }
    }

    /** Every action has a unique id, and every reference names an action that exists. */
    private static void actionsResolve(Node config, String path, Findings findings) {
        List<Node> actions = Nodes.items(config);
        Map<String, Node> ids = new HashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            Node idNode = Nodes.get(actions.get(i), "id");
            String id = Nodes.text(idNode);
            if (id != null && ids.putIfAbsent(id, idNode) != null) {
                findings.error(idNode, Nodes.child(Nodes.index(path, i), "id"), "duplicate id \"" + id + "\"",
                        "ids unique within storage.config", null);
            }
        }
        for (int i = 0; i < actions.size(); i++) {
            Node action = actions.get(i);
            String actionPath = Nodes.index(path, i);
            String type = Nodes.text(Nodes.get(action, "type"));
            for (String key : type == null ? List.<String>of() : REQUIRED_KEYS.getOrDefault(type, List.of())) {
                if (Nodes.get(action, key) == null) {
                    findings.error(action, Nodes.child(actionPath, key), "missing", "a " + type + " action needs "
                            + String.join(", ", REQUIRED_KEYS.get(type)), null);
                }
            }
            for (String key : SINGLE_REFERENCES) {
                Node reference = Nodes.get(action, key);
                // a zfs action's "volume" is a dataset name, and a mount's "device" may be a path: only ids are checked
                if (reference != null && !(type != null && type.equals("zfs") && key.equals("volume"))) {
                    checkReference(reference, ids, Nodes.child(actionPath, key), findings);
                }
            }
            for (String key : LIST_REFERENCES) {
                List<Node> references = Nodes.items(Nodes.get(action, key));
                for (int r = 0; r < references.size(); r++) {
                    checkReference(references.get(r), ids, Nodes.index(Nodes.child(actionPath, key), r), findings);
                }
            }
        }
    }

    private static void checkReference(Node reference, Map<String, Node> ids, String path, Findings findings) {
        String id = Nodes.text(reference);
        if (id != null && !id.startsWith("/") && !ids.containsKey(id)) {
            findings.error(reference, path, "refers to \"" + id + "\", which no action in storage.config defines",
                    "the id of another action", Suggestions.forKey(id, ids.keySet()));
        } else if (reference != null && !Nodes.isString(reference)) {
            findings.error(reference, path, "got " + Nodes.describe(reference), "the id of another action", null);
        }
    }
}
