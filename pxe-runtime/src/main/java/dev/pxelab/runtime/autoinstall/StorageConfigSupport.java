package dev.pxelab.runtime.autoinstall;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The curtin action lists ({@code storage: config:}) the test OS installs: one blank disk with a GPT
 * or MBR table, partitions, LVM, ext2/3/4, FAT and swap, and mounts. The installer's own check of
 * the same subset is {@code check_storage_config} in autoinstall.sh; the contract corpus holds both
 * to one verdict.
 */
final class StorageConfigSupport {

    private StorageConfigSupport() {
    }

    private static final String HINT = "remove it, or validate with profile ubuntu and test it with Ubuntu's installer";

    /**
     * The keys the installer accepts, per action type; any other key is refused, not ignored. Those
     * subiquity writes into an installed system's autoinstall-user-data are among them (a disk's
     * serial and wwn, a partition's path, uuid and partition_name), so a layout copied from a real
     * install is taken as it is; the disk is found by path or match.
     */
    private static final Map<String, List<String>> KEYS = Map.of(
            "disk", List.of("type", "id", "ptable", "path", "match", "grub_device", "wipe", "preserve", "name", "serial",
                    "wwn"),
            "partition", List.of("type", "id", "device", "size", "flag", "number", "wipe", "preserve", "grub_device",
                    "name", "offset", "partition_type", "partition_name", "path", "uuid", "resize"),
            "format", List.of("type", "id", "volume", "fstype", "label", "preserve", "uuid"),
            "mount", List.of("type", "id", "device", "path", "options"),
            "lvm_volgroup", List.of("type", "id", "name", "devices", "preserve"),
            "lvm_partition", List.of("type", "id", "name", "volgroup", "size", "wipe", "preserve", "path"));
    private static final Pattern OFFSET = Pattern.compile("[0-9]+([.][0-9]+)?[KMGT]?B?");
    private static final List<String> TYPES = List.of("disk", "partition", "format", "mount", "lvm_volgroup",
            "lvm_partition");
    /** What busybox mke2fs/mkdosfs/mkswap and e2fsprogs' mke2fs make. */
    private static final Set<String> FSTYPES = Set.of("ext2", "ext3", "ext4", "vfat", "fat", "fat16", "fat32", "swap");
    private static final Set<String> FLAGS = Set.of("bios_grub", "boot", "swap", "lvm", "linux", "home");
    /** curtin's human2bytes (binary multiples, optional B), or subiquity's -1 for the rest. */
    private static final Pattern SIZE = Pattern.compile("-1|[0-9]+([.][0-9]+)?[KMGT]?B?");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]?");

    static void check(Node config, String path, Findings findings) {
        if (!(config instanceof SequenceNode)) {
            findings.error(config, path, "must be a list of actions", "a list of curtin actions", null);
            return;
        }
        List<Node> actions = Nodes.items(config);
        Map<String, String> typeById = new HashMap<>();
        int disks = 0;
        for (int i = 0; i < actions.size(); i++) {
            Node action = actions.get(i);
            String at = Nodes.index(path, i);
            String type = scalar(Nodes.get(action, "type"));
            String id = scalar(Nodes.get(action, "id"));
            if (!(action instanceof MappingNode map)) {
                findings.error(action, at, "must be a mapping", "an action with type and id", null);
                continue;
            }
            if (id == null) {
                findings.error(action, at, "has no id", "id: a name the other actions refer to", null);
                continue;
            }
            if (type == null || !TYPES.contains(type)) {
                findings.error(Nodes.get(action, "type") == null ? action : Nodes.get(action, "type"), at + ".type",
                        "type " + type + " is not installed by the pxelab test OS", String.join(", ", TYPES), HINT);
                continue;
            }
            for (Nodes.Entry entry : Nodes.entries(map).values()) {
                if (!KEYS.get(type).contains(entry.name())) {
                    findings.error(entry.key(), Nodes.child(at, entry.name()), "not installed by the pxelab test OS",
                            String.join(", ", KEYS.get(type)), HINT);
                }
            }
            Node preserve = Nodes.get(action, "preserve");
            if (preserve != null && Nodes.isTrue(preserve)) {
                findings.error(preserve, at + ".preserve", "a lab machine's disks are blank: there is nothing to"
                        + " preserve", "false", "write preserve: false");
            }
            if (typeById.putIfAbsent(id, type) != null) {
                findings.error(Nodes.get(action, "id"), at + ".id", "the id " + id + " is used twice", "a unique id",
                        null);
            }
            if (type.equals("disk")) {
                disks++;
            }
        }
        if (disks != 1) {
            findings.error(config, path, "has " + disks + " disks: the pxelab test OS installs onto one", "one disk",
                    null);
        }
        boolean root = false;
        for (int i = 0; i < actions.size(); i++) {
            Node action = actions.get(i);
            String at = Nodes.index(path, i);
            String type = scalar(Nodes.get(action, "type"));
            if (!(action instanceof MappingNode) || type == null || !TYPES.contains(type)) {
                continue;
            }
            switch (type) {
                case "disk" -> checkDisk(action, at, findings);
                case "partition" -> {
                    reference(action, at, "device", typeById, Set.of("disk"), findings);
                    size(action, at, true, findings);
                    Node flag = Nodes.get(action, "flag");
                    if (flag != null && !"".equals(scalar(flag))) {
                        oneOf(flag, at + ".flag", FLAGS, findings);
                    }
                    Node offset = Nodes.get(action, "offset");
                    if (offset != null && (scalar(offset) == null || !OFFSET.matcher(scalar(offset)).matches())) {
                        findings.error(offset, at + ".offset", "'" + scalar(offset) + "' is not an offset curtin"
                                + " reads", "a size like 1048576 or 1M", null);
                    }
                    Node resize = Nodes.get(action, "resize");
                    if (resize != null && Nodes.isTrue(resize)) {
                        findings.error(resize, at + ".resize", "a lab machine's disks are blank: there is nothing"
                                + " to resize", "false", "write resize: false");
                    }
                    Node number = Nodes.get(action, "number");
                    if (number != null && !NUMBER.matcher(String.valueOf(scalar(number))).matches()) {
                        findings.error(number, at + ".number", "is not a partition number", "a whole number from 1",
                                null);
                    }
                }
                case "format" -> {
                    reference(action, at, "volume", typeById, Set.of("partition", "lvm_partition"), findings);
                    Node fstype = Nodes.get(action, "fstype");
                    if (fstype == null) {
                        findings.error(action, at, "has no fstype", String.join(", ", FSTYPES), null);
                    } else {
                        oneOf(fstype, at + ".fstype", FSTYPES, findings);
                    }
                }
                case "mount" -> {
                    reference(action, at, "device", typeById, Set.of("format"), findings);
                    String mountPath = scalar(Nodes.get(action, "path"));
                    if ("/".equals(mountPath)) {
                        root = true;
                    } else if (mountPath != null && !mountPath.isEmpty() && !mountPath.equals("none")
                            && !mountPath.startsWith("/")) {
                        findings.error(Nodes.get(action, "path"), at + ".path", "is not an absolute path",
                                "a path like /home, or none for swap", null);
                    }
                }
                case "lvm_volgroup" -> {
                    named(action, at, findings);
                    Node devices = Nodes.get(action, "devices");
                    if (!(devices instanceof SequenceNode) || Nodes.items(devices).isEmpty()) {
                        findings.error(devices == null ? action : devices, at + ".devices", "needs its physical"
                                + " volumes", "a list of partition ids", null);
                    } else {
                        for (Node device : Nodes.items(devices)) {
                            referenceTo(device, at + ".devices", scalar(device), typeById, Set.of("partition"),
                                    findings);
                        }
                    }
                }
                case "lvm_partition" -> {
                    named(action, at, findings);
                    reference(action, at, "volgroup", typeById, Set.of("lvm_volgroup"), findings);
                    if (Nodes.get(action, "size") != null) {
                        size(action, at, false, findings);
                    }
                }
                default -> throw new IllegalStateException(type);
            }
        }
        if (!root) {
            findings.error(config, path, "mounts nothing at /", "a mount action with path: /", null);
        }
    }

    private static void checkDisk(Node disk, String at, Findings findings) {
        Node ptable = Nodes.get(disk, "ptable");
        if (ptable == null) {
            findings.error(disk, at, "has no ptable", "ptable: gpt or msdos", null);
        } else {
            oneOf(ptable, at + ".ptable", Set.of("gpt", "msdos"), findings);
        }
        Node match = Nodes.get(disk, "match");
        if (match instanceof MappingNode map) {
            for (Nodes.Entry entry : Nodes.entries(map).values()) {
                if (!entry.name().equals("size")) {
                    findings.error(entry.key(), Nodes.child(at + ".match", entry.name()), "not installed by the"
                            + " pxelab test OS", "size: largest or smallest", HINT);
                }
            }
            oneOf(Nodes.get(match, "size"), at + ".match.size", Set.of("largest", "smallest"), findings);
        } else if (match != null) {
            findings.error(match, at + ".match", "must be a mapping", "size: largest or smallest", null);
        }
    }

    private static void named(Node action, String at, Findings findings) {
        String name = scalar(Nodes.get(action, "name"));
        if (name == null || name.isEmpty()) {
            findings.error(action, at, "has no name", "name: the volume's name", null);
        }
    }

    private static void size(Node action, String at, boolean required, Findings findings) {
        Node size = Nodes.get(action, "size");
        if (size == null) {
            if (required) {
                findings.error(action, at, "has no size", "a size like 512M, 1.5G or -1 (the rest)", null);
            }
            return;
        }
        String text = scalar(size);
        if (text == null || !SIZE.matcher(text).matches()) {
            findings.error(size, at + ".size", "'" + text + "' is not a size curtin reads",
                    "a size like 512M, 1.5G or -1 (the rest)", null);
        }
    }

    private static void reference(Node action, String at, String key, Map<String, String> typeById, Set<String> types,
                                  Findings findings) {
        Node ref = Nodes.get(action, key);
        if (ref == null) {
            findings.error(action, at, "has no " + key, "the id of a " + String.join(" or ", types), null);
            return;
        }
        referenceTo(ref, at + "." + key, scalar(ref), typeById, types, findings);
    }

    private static void referenceTo(Node ref, String at, String id, Map<String, String> typeById, Set<String> types,
                                    Findings findings) {
        String type = id == null ? null : typeById.get(id);
        if (type == null || !types.contains(type)) {
            findings.error(ref, at, "names " + id + ", but no " + String.join(" or ", types) + " has that id",
                    "the id of a " + String.join(" or ", types), null);
        }
    }

    /** A scalar's text whatever its YAML type, as the installer's ytool reads it (size: 1024, number: 1). */
    private static String scalar(Node node) {
        return node instanceof ScalarNode value && !Nodes.isNull(node) ? value.getValue() : null;
    }

    private static void oneOf(Node value, String at, Set<String> supported, Findings findings) {
        String text = scalar(value);
        if (value != null && (text == null || !supported.contains(text))) {
            findings.error(value, at, text + " is not installed by the pxelab test OS",
                    String.join(", ", supported.stream().sorted().toList()), HINT);
        }
    }
}
