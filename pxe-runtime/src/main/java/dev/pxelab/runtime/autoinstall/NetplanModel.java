package dev.pxelab.runtime.autoinstall;

import static dev.pxelab.runtime.autoinstall.Shapes.anyOf;
import static dev.pxelab.runtime.autoinstall.Shapes.anything;
import static dev.pxelab.runtime.autoinstall.Shapes.bool;
import static dev.pxelab.runtime.autoinstall.Shapes.checked;
import static dev.pxelab.runtime.autoinstall.Shapes.closedObject;
import static dev.pxelab.runtime.autoinstall.Shapes.exactly;
import static dev.pxelab.runtime.autoinstall.Shapes.integer;
import static dev.pxelab.runtime.autoinstall.Shapes.listOf;
import static dev.pxelab.runtime.autoinstall.Shapes.mapOf;
import static dev.pxelab.runtime.autoinstall.Shapes.object;
import static dev.pxelab.runtime.autoinstall.Shapes.oneOf;
import static dev.pxelab.runtime.autoinstall.Shapes.openObject;
import static dev.pxelab.runtime.autoinstall.Shapes.optional;
import static dev.pxelab.runtime.autoinstall.Shapes.required;
import static dev.pxelab.runtime.autoinstall.Shapes.string;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.pxelab.runtime.autoinstall.Shape.Complaint;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * autoinstall's {@code network} section: netplan version 2. The keys that carry addresses and
 * names are checked; the many others netplan has pass silently.
 */
final class NetplanModel {

    private NetplanModel() {
    }

    private static final Shape ADDRESS = string("an address with prefix length", Syntax::cidr);
    private static final Shape IP = string("an IP address", Syntax::ip);
    private static final Shape MAC = string("a MAC address", Syntax::mac);
    private static final Shape GATEWAY = string("an IP address", text -> {
        Complaint complaint = Syntax.ip(text);
        return complaint != null ? complaint : Complaint.warning("gateway4/gateway6 are deprecated in netplan", null,
                "use routes: [{to: default, via: " + text + "}]");
    });

    // The installer's schema closes match under ethernets and wifis (additionalProperties: false:
    // name, macaddress, driver), and netplan itself rejects any other key there.
    private static final Shape MATCH = closedObject("a match mapping (macaddress, name, driver)",
            optional("macaddress", MAC),
            optional("name", string()),
            optional("driver", anyOf(string(), listOf(string()))));

    private static final Shape ROUTE = openObject("a route",
            required("to", string("\"default\" or an address with prefix length", Syntax::routeTarget)),
            optional("via", IP),
            optional("metric", integer(0, Integer.MAX_VALUE)),
            optional("table", integer(0, Integer.MAX_VALUE)),
            optional("on-link", bool()));

    private static final Shape.Field[] COMMON = {
            optional("dhcp4", bool()),
            optional("dhcp6", bool()),
            optional("accept-ra", bool()),
            optional("addresses", listOf(anyOf(ADDRESS, mapOf("addresses", anything("address options"))))),
            optional("gateway4", GATEWAY),
            optional("gateway6", GATEWAY),
            optional("routes", listOf(ROUTE)),
            optional("nameservers", object("a nameservers mapping (addresses, search)",
                    optional("addresses", listOf(IP)),
                    optional("search", listOf(string())))),
            optional("mtu", integer(68, 65535)),
            optional("macaddress", MAC),
            optional("optional", bool()),
            optional("critical", bool()),
            optional("wakeonlan", bool()),
            optional("link-local", listOf(oneOf("ipv4", "ipv6"))),
            optional("dhcp-identifier", oneOf("duid", "mac")),
    };

    private static Shape device(String expected, Shape.Field... own) {
        Shape.Field[] all = new Shape.Field[COMMON.length + own.length];
        System.arraycopy(COMMON, 0, all, 0, COMMON.length);
        System.arraycopy(own, 0, all, COMMON.length, own.length);
        return checked(openObject(expected, all), NetplanModel::setNameNeedsMatch);
    }

    private static final Shape ETHERNET = device("an ethernet device",
            optional("match", MATCH),
            optional("set-name", string()));

    private static final Shape BOND_OR_BRIDGE = device("a bond or bridge",
            optional("interfaces", listOf(string())),
            optional("parameters", anything("parameters")));

    private static final Shape VLAN = device("a VLAN",
            required("id", integer(0, 4094)),
            required("link", string()));

    static final Shape NETPLAN = checked(object("a netplan mapping (version: 2, ethernets, ...)",
            required("version", exactly(2)),
            optional("renderer", oneOf("networkd", "NetworkManager")),
            optional("ethernets", mapOf("interface ids", ETHERNET)),
            optional("bonds", mapOf("interface ids", BOND_OR_BRIDGE)),
            optional("bridges", mapOf("interface ids", BOND_OR_BRIDGE)),
            optional("vlans", mapOf("interface ids", VLAN)),
            optional("wifis", mapOf("interface ids", device("a wifi device",
                    optional("match", MATCH),
                    optional("set-name", string()),
                    optional("access-points", anything("access points"))))),
            optional("tunnels", anything("tunnels")),
            optional("vrfs", anything("vrfs"))), NetplanModel::referencesResolve);

    /** subiquity also accepts the netplan mapping wrapped once more in {@code network:}. */
    static final Shape SECTION = checked(anything("a netplan mapping"), (node, path, findings) -> {
        Node inner = Nodes.get(node, "network");
        if (inner != null && Nodes.get(node, "version") == null) {
            new ShapeChecker(findings).check(NETPLAN, inner, Nodes.child(path, "network"), node);
        } else {
            new ShapeChecker(findings).check(NETPLAN, node, path, node);
        }
    });

    private static void setNameNeedsMatch(Node device, String path, Findings findings) {
        Node setName = Nodes.get(device, "set-name");
        if (setName != null && Nodes.get(device, "match") == null) {
            findings.error(setName, Nodes.child(path, "set-name"), "set-name without match", "a match: section next to it",
                    "netplan renames only devices it matched, e.g. match: {macaddress: ...}");
        }
    }

    /** Bonds, bridges and VLANs name their members by interface id; a typo leaves the link down. */
    private static void referencesResolve(Node netplan, String path, Findings findings) {
        Set<String> ids = new TreeSet<>();
        for (String kind : new String[] {"ethernets", "bonds", "bridges", "vlans", "wifis"}) {
            if (Nodes.get(netplan, kind) instanceof MappingNode devices) {
                ids.addAll(Nodes.entries(devices).keySet());
            }
        }
        for (String kind : new String[] {"bonds", "bridges"}) {
            if (Nodes.get(netplan, kind) instanceof MappingNode devices) {
                for (Map.Entry<String, Nodes.Entry> device : Nodes.entries(devices).entrySet()) {
                    var members = Nodes.items(Nodes.get(device.getValue().value(), "interfaces"));
                    for (int i = 0; i < members.size(); i++) {
                        checkReference(members.get(i), ids,
                                Nodes.index(path + "." + kind + "." + device.getKey() + ".interfaces", i), findings);
                    }
                }
            }
        }
        if (Nodes.get(netplan, "vlans") instanceof MappingNode vlans) {
            for (Map.Entry<String, Nodes.Entry> vlan : Nodes.entries(vlans).entrySet()) {
                Node link = Nodes.get(vlan.getValue().value(), "link");
                checkReference(link, ids, path + ".vlans." + vlan.getKey() + ".link", findings);
            }
        }
    }

    private static void checkReference(Node reference, Set<String> ids, String path, Findings findings) {
        String name = Nodes.text(reference);
        if (name != null && !ids.contains(name)) {
            findings.error(reference, path, "\"" + name + "\" is not an interface defined in this network config",
                    "one of " + String.join(", ", ids), null);
        }
    }
}
