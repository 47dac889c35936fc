package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.boot.GenericInstaller;
import dev.pxelab.runtime.dhcp.DhcpMode;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.provision.Host;
import dev.pxelab.runtime.provision.Limits;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A lab described in YAML: one of the three front ends of a {@link LabDefinition}, used to run the
 * provisioner standalone ({@code pxelab serve lab.yaml}) for machines pxelab does not start.
 * Paths are relative to the lab file. Values are read as the text written, so a MAC such as
 * {@code 52:54:00:00:00:11} needs no quotes (YAML 1.1 would otherwise read it as a base-60 number).
 *
 * <pre>
 * interface: pxbr0                  # the bridge serve creates with the lab address, or with
 * existing-interface: true          #   this: an interface that exists and carries the address already
 * dhcp: server                      # optional: server (default) or proxy: boot information only,
 *                                   #   next to the segment's own DHCP server (existing interface only)
 * ipv6-ra: true                     # optional: IPv6 router advertisements so that iPXE boots at once;
 *                                   #   default true on a bridge serve creates, false on an existing interface
 * address: 192.168.105.1/24
 * http-port: 80                     # optional; also tftp-port, dhcp-port
 * assets: assets/                   # optional: served at /assets/
 * tftp-root: tftp/                  # optional: more files for TFTP
 * arm64-loader: ipxe-arm64.efi      # optional: what arm64 UEFI firmware boots (default: Debian's shim + GRUB)
 * pool: 192.168.105.100-192.168.105.199   # optional: addresses for unknown MACs
 * router: 192.168.105.254          # optional: DHCP option 3 (none by default)
 * dns: [192.168.105.53]            # optional: option 6, one address or a list
 * domain: lab.example              # optional: option 15
 * user-data: generic.yaml           # optional generic NoCloud documents (also meta-data, vendor-data, network-config)
 * profile:                          # what hosts boot unless they say otherwise
 *   kernel: testos/vmlinuz
 *   initrds: [testos/installer.initrd]
 *   cmdline: autoinstall ds=nocloud-net;s=http://${server}/${mac}/ console=ttyS0
 *   uefi-loader: file://ESP/EFI/BOOT/BOOTX64.EFI  # optional: what an installed UEFI host starts
 * limits:                          # optional: what the provisioner holds at most (defaults: Limits.DEFAULTS)
 *   events-per-host: 1000           # also lab-events, unknown-hosts, tftp-transfers, tftp-transfers-per-client,
 *   unknown-host-idle: 10m          #   http-connections (counts); offer-hold, tftp-max-timeout,
 *   http-body-bytes: 1MiB           #   tftp-transfer-lifetime, http-request-timeout, http-idle-timeout,
 *                                   #   http-read-timeout (500ms, 30s, 10m, 1h); tftp-netascii-bytes (bytes, KiB, MiB)
 * hosts:
 *   - mac: 52:54:00:00:00:11
 *     address: 192.168.105.11       # optional
 *     hostname: web-1               # optional
 *     user-data: web.yaml           # optional; also meta-data, vendor-data, network-config
 *     firmware: bios                # optional: bios or uefi
 * </pre>
 */
public final class LabFile {

    private static final Set<String> LAB_KEYS = Set.of("interface", "existing-interface", "dhcp", "ipv6-ra", "address", "http-port", "tftp-port", "dhcp-port",
            "assets", "tftp-root", "arm64-loader", "pool", "router", "dns", "domain", "user-data", "meta-data", "vendor-data", "network-config", "profile", "hosts", "limits");
    private static final Set<String> HOST_KEYS = Set.of("mac", "address", "hostname", "user-data", "meta-data",
            "vendor-data", "network-config", "firmware", "profile");
    private static final Set<String> PROFILE_KEYS = Set.of("name", "kernel", "initrds", "cmdline", "uefi-loader");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");
    private static final Set<String> LIMIT_KEYS = Set.of("events-per-host", "lab-events", "unknown-hosts",
            "unknown-host-idle", "offer-hold", "tftp-transfers", "tftp-transfers-per-client", "tftp-max-timeout",
            "tftp-transfer-lifetime", "tftp-netascii-bytes", "http-body-bytes", "http-request-timeout",
            "http-idle-timeout", "http-read-timeout", "http-connections");

    private final Path file;
    /** Whether the file must name the interface (unless the command line does). */
    private final boolean interfaceRequired;

    private LabFile(Path file, boolean interfaceRequired) {
        this.file = file;
        this.interfaceRequired = interfaceRequired;
    }

    /** Reads {@code file} into a lab definition; every mistake names file, line and column. */
    public static LabDefinition read(Path file) {
        return new LabFile(file, true).parse();
    }

    /**
     * What {@code pxelab serve} runs for {@code file}: the file's lab definition (with the settings
     * {@code properties} give) and the provisioner's configuration, derived from it the way a lab
     * derives it.
     */
    public static Served serving(LabProperties properties, Path file) {
        return serving(properties, file, null);
    }

    /**
     * As {@link #serving(LabProperties, Path)}, with what the command line says on top:
     * {@code commandLine} sets settings after the file's (e.g. {@code --interface}: then the file
     * need not name one).
     */
    public static Served serving(LabProperties properties, Path file,
                                 UnaryOperator<LabDefinition.Builder> commandLine) {
        LabFile lab = new LabFile(file, commandLine == null);
        LabDefinition.Builder builder = properties.applyTo(lab.parse().toBuilder());
        LabDefinition definition;
        try {
            definition = (commandLine == null ? builder : commandLine.apply(builder)).build();
        } catch (LabFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new LabFileException(file + ": " + e.getMessage());
        }
        return new Served(definition, ProvisioningPlan.forServe(definition).config());
    }

    /** A lab file ready to serve: its network and what its provisioner serves. */
    public record Served(LabDefinition definition, ProvisionerConfig provisioner) {
    }

    private LabDefinition parse() {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (NoSuchFileException e) {
            throw new LabFileException(file + ": no such lab file");
        } catch (IOException e) {
            throw new LabFileException(file + ": cannot read: " + e.getMessage());
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new LabFileException(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)
                    + ": not valid YAML: " + e.getProblem());
        }
        if (root == null) {
            throw new LabFileException(file + ": the lab file is empty");
        }
        Map<String, Node> lab = mapping(root, "the lab", LAB_KEYS);
        if (!lab.containsKey("interface") && interfaceRequired) {
            throw error(root, "the lab needs an interface: the one that owns the lab address, e.g. interface: pxbr0");
        }
        if (!lab.containsKey("address")) {
            throw error(root, "the lab needs an address: the provisioner's own, with the lab's prefix,"
                    + " e.g. address: 192.168.105.1/24");
        }
        LabDefinition.Builder builder = LabDefinition.builder().name(file.getFileName().toString());
        apply(lab, "interface", n -> builder.interfaceName(text(n)));
        apply(lab, "existing-interface", n -> builder.existingInterface(bool(n)));
        apply(lab, "ipv6-ra", n -> builder.routerAdvertisements(bool(n)));
        apply(lab, "dhcp", n -> builder.dhcpMode(switch (text(n)) {
            case "server" -> DhcpMode.SERVER;
            case "proxy" -> DhcpMode.PROXY;
            default -> throw new IllegalArgumentException("dhcp must be server or proxy, not '" + text(n) + "'");
        }));
        apply(lab, "address", n -> builder.subnet(text(n)));
        int[] ports = {67, 69, 80};
        apply(lab, "dhcp-port", n -> ports[0] = port(n));
        apply(lab, "tftp-port", n -> ports[1] = port(n));
        apply(lab, "http-port", n -> ports[2] = port(n));
        builder.ports(ports[0], ports[1], ports[2]);
        Path[] assets = {null};
        apply(lab, "assets", n -> builder.assetRoot(assets[0] = folder(n, "asset root")));
        apply(lab, "tftp-root", n -> builder.tftpRoot(folder(n, "TFTP root")));
        apply(lab, "arm64-loader", n -> builder.arm64Loader(path(n)));
        apply(lab, "pool", n -> builder.pool(text(n)));
        apply(lab, "router", n -> builder.router(text(n)));
        apply(lab, "dns", n -> {
            if (n instanceof SequenceNode list) {
                list.getValue().forEach(server -> builder.dnsServer(text(server)));
            } else {
                builder.dnsServer(text(n));
            }
        });
        apply(lab, "domain", n -> builder.domainName(text(n)));
        apply(lab, "user-data", n -> builder.genericUserData(document(n)));
        apply(lab, "meta-data", n -> builder.genericMetaData(document(n)));
        apply(lab, "vendor-data", n -> builder.genericVendorData(document(n)));
        apply(lab, "network-config", n -> builder.genericNetworkConfig(document(n)));
        apply(lab, "profile", n -> builder.installer(new GenericInstaller(profile(n, "profile"), assets[0])));
        apply(lab, "limits", n -> builder.limits(limits(n)));
        apply(lab, "hosts", n -> {
            if (!(n instanceof SequenceNode hosts)) {
                throw new IllegalArgumentException("expected a list of hosts");
            }
            for (Node entry : hosts.getValue()) {
                builder.target(at(entry, () -> host(entry, assets[0])));
            }
        });
        return at(root, builder::build);
    }

    private TargetDefinition host(Node node, Path assets) {
        Map<String, Node> fields = mapping(node, "a host", HOST_KEYS);
        if (!fields.containsKey("mac")) {
            throw error(node, "a host needs a mac");
        }
        TargetDefinition.Builder host = at(fields.get("mac"), () -> TargetDefinition.builder(text(fields.get("mac"))));
        // a real machine: how it boots is not known unless the file says
        host.firmware(null);
        apply(fields, "address", n -> host.address(Ipv4.parse("host address", text(n)).getHostAddress()));
        apply(fields, "hostname", n -> host.hostname(Host.requireHostname(text(n))));
        apply(fields, "user-data", n -> host.userData(document(n)));
        apply(fields, "meta-data", n -> host.metaData(document(n)));
        apply(fields, "vendor-data", n -> host.vendorData(document(n)));
        apply(fields, "network-config", n -> host.networkConfig(document(n)));
        apply(fields, "profile", n -> host.installer(new GenericInstaller(profile(n, "host profile"), assets)));
        apply(fields, "firmware", n -> {
            try {
                host.firmware(Firmware.valueOf(text(n).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("firmware must be bios or uefi, not '" + text(n) + "'");
            }
        });
        return at(node, host::build);
    }

    private Limits limits(Node node) {
        Map<String, Node> f = mapping(node, "limits", LIMIT_KEYS);
        Limits d = Limits.DEFAULTS;
        return at(node, () -> new Limits(
                (int) number(f, "events-per-host", d.eventsPerHost()), (int) number(f, "lab-events", d.labEvents()),
                (int) number(f, "unknown-hosts", d.unknownHosts()), duration(f, "unknown-host-idle", d.unknownHostIdle()),
                duration(f, "offer-hold", d.offerHold()), (int) number(f, "tftp-transfers", d.tftpTransfers()),
                (int) number(f, "tftp-transfers-per-client", d.tftpTransfersPerClient()),
                duration(f, "tftp-max-timeout", d.tftpMaxTimeout()),
                duration(f, "tftp-transfer-lifetime", d.tftpTransferLifetime()),
                number(f, "tftp-netascii-bytes", d.tftpNetasciiBytes()), number(f, "http-body-bytes", d.httpBodyBytes()),
                duration(f, "http-request-timeout", d.httpRequestTimeout()),
                duration(f, "http-idle-timeout", d.httpIdleTimeout()),
                duration(f, "http-read-timeout", d.httpReadTimeout()),
                (int) number(f, "http-connections", d.httpConnections())));
    }

    /** A count, or bytes with an optional KiB or MiB. */
    private long number(Map<String, Node> fields, String key, long otherwise) {
        Node node = fields.get(key);
        if (node == null) {
            return otherwise;
        }
        String value = text(node).strip();
        long unit = value.endsWith("MiB") ? 1L << 20 : value.endsWith("KiB") ? 1L << 10 : 1;
        String digits = unit == 1 ? value : value.substring(0, value.length() - 3).strip();
        try {
            long n = Long.parseLong(digits) * unit;
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(node, key + ": expected a positive number (bytes may end in KiB or MiB), not '" + value + "'");
    }

    private Duration duration(Map<String, Node> fields, String key, Duration otherwise) {
        Node node = fields.get(key);
        if (node == null) {
            return otherwise;
        }
        String value = text(node).strip();
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw error(node, key + ": expected a positive duration such as 500ms, 30s, 10m or 1h, not '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private BootProfile profile(Node node, String what) {
        Map<String, Node> fields = mapping(node, what, PROFILE_KEYS);
        if (!fields.containsKey("kernel")) {
            throw error(node, what + " needs a kernel");
        }
        List<String> initrds = new ArrayList<>();
        if (fields.get("initrds") instanceof SequenceNode list) {
            list.getValue().forEach(n -> initrds.add(text(n)));
        } else if (fields.containsKey("initrds")) {
            initrds.add(text(fields.get("initrds")));
        }
        return at(node, () -> new BootProfile(fields.containsKey("name") ? text(fields.get("name")) : "lab",
                text(fields.get("kernel")), initrds, fields.containsKey("cmdline") ? text(fields.get("cmdline")) : "",
                fields.containsKey("uefi-loader") ? text(fields.get("uefi-loader")) : null));
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping of keys to values");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = text(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + "; known keys: "
                        + allowed.stream().sorted().toList());
            }
            if (fields.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), "'" + key + "' appears twice in " + what);
            }
        }
        return fields;
    }

    private void apply(Map<String, Node> fields, String key, Consumer<Node> action) {
        Node node = fields.get(key);
        if (node != null) {
            at(node, () -> {
                action.accept(node);
                return null;
            });
        }
    }

    /** Runs {@code action}, turning what it rejects into an error at {@code node}'s place in the file. */
    private <T> T at(Node node, Supplier<T> action) {
        try {
            return action.get();
        } catch (LabFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(node, e.getMessage());
        }
    }

    private String text(Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, "expected a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        return scalar.getValue();
    }

    private boolean bool(Node node) {
        return switch (text(node)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(node, "expected true or false, not '" + text(node) + "'");
        };
    }

    private int port(Node node) {
        try {
            int port = Integer.parseInt(text(node));
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(node, "expected a port number 0..65535, not '" + text(node) + "'");
    }

    private Path path(Node node) {
        Path relative = Path.of(text(node));
        return relative.isAbsolute() ? relative : file.toAbsolutePath().getParent().resolve(relative).normalize();
    }

    private Path folder(Node node, String what) {
        Path folder = path(node);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(what + " " + folder + " is not a directory");
        }
        return folder;
    }

    private Document document(Node node) {
        return Document.of(path(node));
    }

    private LabFileException error(Node node, String message) {
        Mark mark = node.getStartMark();
        return new LabFileException(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": " + message);
    }

    /** A lab file that cannot be used; the message starts with {@code file:line:column}. */
    public static final class LabFileException extends IllegalArgumentException {
        LabFileException(String message) {
            super(message);
        }
    }
}
