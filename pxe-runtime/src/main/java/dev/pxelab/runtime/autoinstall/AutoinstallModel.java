package dev.pxelab.runtime.autoinstall;

import static dev.pxelab.runtime.autoinstall.Shapes.anyOf;
import static dev.pxelab.runtime.autoinstall.Shapes.anything;
import static dev.pxelab.runtime.autoinstall.Shapes.bool;
import static dev.pxelab.runtime.autoinstall.Shapes.checked;
import static dev.pxelab.runtime.autoinstall.Shapes.commands;
import static dev.pxelab.runtime.autoinstall.Shapes.exactly;
import static dev.pxelab.runtime.autoinstall.Shapes.listOf;
import static dev.pxelab.runtime.autoinstall.Shapes.mapOf;
import static dev.pxelab.runtime.autoinstall.Shapes.nothing;
import static dev.pxelab.runtime.autoinstall.Shapes.object;
import static dev.pxelab.runtime.autoinstall.Shapes.oneOf;
import static dev.pxelab.runtime.autoinstall.Shapes.openObject;
import static dev.pxelab.runtime.autoinstall.Shapes.optional;
import static dev.pxelab.runtime.autoinstall.Shapes.required;
import static dev.pxelab.runtime.autoinstall.Shapes.string;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Ubuntu's autoinstall, version 1, as a typed model of our own (written from the public
 * autoinstall reference, not derived from subiquity's schema). Cross-section rules live in
 * {@link CrossChecks}.
 */
final class AutoinstallModel {

    private AutoinstallModel() {
    }

    enum Shutdown { REBOOT, POWEROFF }

    enum Updates { SECURITY, ALL }

    /** curtin's reporting handlers, plus subiquity's rsyslog and none. */
    enum ReportingType { WEBHOOK, PRINT, RSYSLOG, NONE, LOG, JOURNALD }

    private static final Shape REPORTING_HOOK = checked(openObject("a reporting hook (type, ...)",
            required("type", oneOf(ReportingType.class)),
            optional("endpoint", string("an http(s) URL", Syntax::httpUrl)),
            optional("destination", string()),
            optional("level", oneOf("DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL"))), AutoinstallModel::hookHasTarget);

    static final Shape IDENTITY = object("an identity mapping (hostname, username, password)",
            optional("realname", string()),
            required("hostname", string("a host name", Syntax::hostname)),
            required("username", string("a user name", Syntax::username)),
            required("password", string("a crypt(3) hash", Syntax::cryptedPassword)));

    static final Shape SSH = object("an ssh mapping (install-server, authorized-keys, allow-pw)",
            optional("install-server", bool()),
            optional("authorized-keys", CloudConfigModel.SSH_KEYS),
            optional("allow-pw", bool()));

    private static final Shape INSTALL_FLAG = object("a mapping with install: true|false", optional("install", bool()));

    /** The autoinstall mapping: every documented section and its type. */
    static final Shape.Obj AUTOINSTALL = object("an autoinstall mapping",
            required("version", exactly(1)),
            optional("interactive-sections", listOf(string())),
            optional("early-commands", commands()),
            optional("locale", string()),
            optional("refresh-installer", object("a refresh-installer mapping",
                    optional("update", bool()),
                    optional("channel", string()))),
            optional("keyboard", object("a keyboard mapping (layout, variant, toggle)",
                    optional("layout", string()),
                    optional("variant", string()),
                    optional("toggle", anyOf(string(), nothing())))),
            optional("source", object("a source mapping",
                    optional("search_drivers", bool()),
                    optional("id", string()))),
            optional("network", NetplanModel.SECTION),
            optional("proxy", anyOf(string("an http(s) URL", Syntax::httpUrl), nothing())),
            optional("apt", openObject("an apt mapping",
                    optional("preserve_sources_list", bool()),
                    optional("geoip", bool()),
                    optional("fallback", oneOf("abort", "continue-anyway", "offline-install")),
                    optional("disable_components", listOf(oneOf("universe", "multiverse", "restricted", "contrib", "non-free"))),
                    optional("disable_suites", listOf(string())),
                    optional("sources", mapOf("source names", anything("an apt source"))))),
            optional("storage", StorageModel.SECTION),
            optional("identity", IDENTITY),
            optional("active-directory", object("an active-directory mapping",
                    optional("admin-name", string()),
                    optional("domain-name", string()))),
            optional("ubuntu-pro", object("an ubuntu-pro mapping", optional("token", string()))),
            optional("ubuntu-advantage", object("an ubuntu-advantage mapping", optional("token", string()))),
            optional("ssh", SSH),
            optional("codecs", INSTALL_FLAG),
            optional("drivers", INSTALL_FLAG),
            optional("oem", object("an oem mapping", optional("install", anyOf(bool(), oneOf("auto"))))),
            optional("snaps", listOf(object("a snap (name, channel, classic)",
                    required("name", string()),
                    optional("channel", string()),
                    optional("classic", bool())))),
            optional("debconf-selections", string()),
            optional("packages", listOf(string())),
            optional("kernel", checked(object("a kernel mapping (package or flavor)",
                    optional("package", string()),
                    optional("flavor", string())), AutoinstallModel::packageOrFlavor)),
            optional("kernel-crash-dumps", object("a kernel-crash-dumps mapping",
                    optional("enabled", anyOf(bool(), nothing())))),
            optional("timezone", string()),
            optional("updates", oneOf(Updates.class)),
            optional("shutdown", oneOf(Shutdown.class)),
            optional("late-commands", commands()),
            optional("error-commands", commands()),
            optional("reporting", mapOf("hook names", REPORTING_HOOK)),
            optional("user-data", CloudConfigModel.CLOUD_CONFIG),
            optional("zdevs", listOf(object("a zdev (id, enabled)",
                    required("id", string()),
                    required("enabled", bool())))));

    private static void hookHasTarget(Node hook, String path, Findings findings) {
        String type = Nodes.text(Nodes.get(hook, "type"));
        if ("webhook".equals(type) && Nodes.get(hook, "endpoint") == null) {
            findings.error(Nodes.get(hook, "type"), Nodes.child(path, "endpoint"), "a webhook hook needs an endpoint",
                    "an http(s) URL", "add endpoint: http://<provisioner>/<path>");
        }
        if ("rsyslog".equals(type) && Nodes.get(hook, "destination") == null) {
            findings.error(Nodes.get(hook, "type"), Nodes.child(path, "destination"), "an rsyslog hook needs a destination",
                    "an rsyslog target such as @@192.0.2.1:514", null);
        }
    }

    private static void packageOrFlavor(Node kernel, String path, Findings findings) {
        boolean hasPackage = Nodes.get(kernel, "package") != null;
        boolean hasFlavor = Nodes.get(kernel, "flavor") != null;
        if (hasPackage == hasFlavor) {
            findings.error(kernel, path, hasPackage ? "both package and flavor" : "neither package nor flavor",
                    "exactly one of package, flavor", null);
        }
    }
}
