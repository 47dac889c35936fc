package dev.pxelab.runtime.autoinstall;

import static dev.pxelab.runtime.autoinstall.Shapes.adviceString;
import static dev.pxelab.runtime.autoinstall.Shapes.anyOf;
import static dev.pxelab.runtime.autoinstall.Shapes.anything;
import static dev.pxelab.runtime.autoinstall.Shapes.bool;
import static dev.pxelab.runtime.autoinstall.Shapes.checked;
import static dev.pxelab.runtime.autoinstall.Shapes.closedObject;
import static dev.pxelab.runtime.autoinstall.Shapes.commands;
import static dev.pxelab.runtime.autoinstall.Shapes.exactly;
import static dev.pxelab.runtime.autoinstall.Shapes.integer;
import static dev.pxelab.runtime.autoinstall.Shapes.listOf;
import static dev.pxelab.runtime.autoinstall.Shapes.mapOf;
import static dev.pxelab.runtime.autoinstall.Shapes.nothing;
import static dev.pxelab.runtime.autoinstall.Shapes.object;
import static dev.pxelab.runtime.autoinstall.Shapes.oneOf;
import static dev.pxelab.runtime.autoinstall.Shapes.openObject;
import static dev.pxelab.runtime.autoinstall.Shapes.optional;
import static dev.pxelab.runtime.autoinstall.Shapes.required;
import static dev.pxelab.runtime.autoinstall.Shapes.section;
import static dev.pxelab.runtime.autoinstall.Shapes.string;
import static dev.pxelab.runtime.autoinstall.Shapes.topLevel;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Ubuntu's autoinstall, version 1, as a typed model of our own. The facts come from the installer's
 * published JSON schema (autoinstall-schema.json, which subiquity generates from each controller's
 * {@code autoinstall_schema}) and are restated here in pxelab's vocabulary; each rule's comment
 * names the schema path it comes from. Where the schema closes an object
 * ({@code additionalProperties: false}) the model uses {@link Shapes#closedObject}, and an unknown
 * key fails the file as it fails the install; where the schema leaves an object open,
 * {@link Shapes#object} only warns. Checks the installer makes outside the schema live in
 * {@link CrossChecks}; pxelab's own advice is always a warning.
 */
final class AutoinstallModel {

    private AutoinstallModel() {
    }

    enum Shutdown { REBOOT, POWEROFF }

    enum Updates { SECURITY, ALL }

    /** curtin's reporting handlers, plus subiquity's rsyslog and none. */
    enum ReportingType { WEBHOOK, PRINT, RSYSLOG, NONE, LOG, JOURNALD }

    /** The installer accepts exactly version 1: schema {@code version: {minimum: 1, maximum: 1}}, required. */
    static final long VERSION = 1;

    // reporting.additionalProperties: {type: object, required: [type]}; curtin knows only its handler types.
    private static final Shape REPORTING_HOOK = checked(openObject("a reporting hook (type, ...)",
            required("type", oneOf(ReportingType.class)),
            optional("endpoint", adviceString("an http(s) URL", Syntax::httpUrl)),
            optional("destination", string()),
            optional("level", oneOf("DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL"))), AutoinstallModel::hookHasTarget);

    // identity: closed, required [username, hostname, password]; the values are plain strings to the
    // installer, so pxelab's syntax checks of them are advice (warnings, see Syntax).
    static final Shape IDENTITY = closedObject("an identity mapping (hostname, username, password)",
            optional("realname", string()),
            required("hostname", adviceString("a host name", Syntax::hostname)),
            required("username", adviceString("a user name", Syntax::username)),
            required("password", adviceString("a crypt(3) hash", Syntax::cryptedPassword)),
            // identity.groups: a list of group names, or {override: [...], append: [...]}
            optional("groups", anyOf(listOf(string()), object("a groups mapping (override, append)",
                    optional("override", listOf(string())),
                    optional("append", listOf(string()))))));

    // ssh: open; install-server and allow-pw booleans, authorized-keys a list of strings.
    static final Shape SSH = object("an ssh mapping (install-server, authorized-keys, allow-pw)",
            optional("install-server", bool()),
            optional("authorized-keys", listOf(CloudConfigModel.SSH_KEY)),
            optional("allow-pw", bool()));

    // codecs, drivers: open, {install: boolean}.
    private static final Shape INSTALL_FLAG = object("a mapping with install: true|false", optional("install", bool()));

    // ubuntu-pro.token (and the deprecated alias ubuntu-advantage): minLength 24, maxLength 30,
    // pattern ^C[1-9A-HJ-NP-Za-km-z]+$ (a C and 23 to 29 Base58 characters).
    private static final Shape PRO_TOKEN = object("an ubuntu-pro mapping (token)",
            optional("token", string("a contract token: C and 23 to 29 Base58 characters", Syntax::proToken)));

    // apt.preferences items: required [package, pin, pin-priority], pin-priority an integer.
    private static final Shape APT_PREFERENCE = object("an apt preference (package, pin, pin-priority)",
            required("package", string()),
            required("pin", string()),
            required("pin-priority", integer(Long.MIN_VALUE, Long.MAX_VALUE)));

    // apt.mirror-selection.primary items: the string country-mirror, or {uri (required), arches}.
    private static final Shape MIRROR_CANDIDATE = anyOf(oneOf("country-mirror"), object("a mirror (uri, arches)",
            required("uri", string()),
            optional("arches", listOf(string()))));

    /** The autoinstall mapping: every section the installer knows and its type. */
    static final Shape.Obj AUTOINSTALL = topLevel("an autoinstall mapping",
            required("version", exactly(VERSION)),
            optional("interactive-sections", listOf(string())),
            section("early-commands", commands()),
            section("locale", string()),
            // refresh-installer: closed {update: boolean, channel: string}
            section("refresh-installer", closedObject("a refresh-installer mapping (update, channel)",
                    optional("update", bool()),
                    optional("channel", string()))),
            // keyboard: closed, required [layout]; toggle is a string or null
            section("keyboard", closedObject("a keyboard mapping (layout, variant, toggle)",
                    required("layout", string()),
                    optional("variant", string()),
                    optional("toggle", anyOf(string(), nothing())))),
            // source: open {search_drivers: boolean, id: string}
            section("source", object("a source mapping (id, search_drivers)",
                    optional("search_drivers", bool()),
                    optional("id", string()))),
            section("network", NetplanModel.SECTION),
            // proxy: string or null, format uri
            section("proxy", anyOf(adviceString("an http(s) URL", Syntax::httpUrl), nothing())),
            // apt: open; the typed keys below
            section("apt", openObject("an apt mapping",
                    optional("preserve_sources_list", bool()),
                    optional("primary", listOf(anything("a primary mirror"))),
                    optional("mirror-selection", object("a mirror-selection mapping (primary)",
                            optional("primary", listOf(MIRROR_CANDIDATE)))),
                    optional("geoip", bool()),
                    optional("fallback", oneOf("abort", "continue-anyway", "offline-install")),
                    optional("disable_components", listOf(oneOf("universe", "multiverse", "restricted", "contrib", "non-free"))),
                    optional("disable_suites", listOf(string())),
                    optional("preferences", listOf(APT_PREFERENCE)),
                    optional("sources", mapOf("source names", anything("an apt source"))))),
            section("storage", StorageModel.SECTION),
            section("identity", IDENTITY),
            // active-directory: closed {admin-name, domain-name}
            section("active-directory", closedObject("an active-directory mapping (admin-name, domain-name)",
                    optional("admin-name", string()),
                    optional("domain-name", string()))),
            section("ubuntu-pro", PRO_TOKEN),
            section("ubuntu-advantage", PRO_TOKEN),
            section("ssh", SSH),
            section("codecs", INSTALL_FLAG),
            section("drivers", INSTALL_FLAG),
            // oem: required [install]; install is a boolean or the string auto
            section("oem", object("an oem mapping (install)", required("install", anyOf(bool(), oneOf("auto"))))),
            // snaps items: closed, required [name]
            section("snaps", listOf(closedObject("a snap (name, channel, classic)",
                    required("name", string()),
                    optional("channel", string()),
                    optional("classic", bool())))),
            section("debconf-selections", string()),
            section("packages", listOf(string())),
            // kernel: oneOf [required package, required flavor]
            section("kernel", checked(object("a kernel mapping (package or flavor)",
                    optional("package", string()),
                    optional("flavor", string())), AutoinstallModel::packageOrFlavor)),
            // kernel-crash-dumps: closed, required [enabled]; enabled is a boolean or null
            section("kernel-crash-dumps", closedObject("a kernel-crash-dumps mapping (enabled)",
                    required("enabled", anyOf(bool(), nothing())))),
            section("timezone", string()),
            // updates: enum [security, all]; shutdown: enum [reboot, poweroff]
            section("updates", oneOf(Updates.class)),
            section("shutdown", oneOf(Shutdown.class)),
            section("late-commands", commands()),
            section("error-commands", commands()),
            section("reporting", mapOf("hook names", REPORTING_HOOK)),
            // user-data: type object; subiquity's userdata controller then validates it with cloud-init's
            // schema, so what cloud-init rejects fails the install (CloudConfigModel, held to cloud-init)
            section("user-data", CloudConfigModel.CLOUD_CONFIG),
            // zdevs items: open {id: string, enabled: boolean}, nothing required
            section("zdevs", listOf(object("a zdev (id, enabled)",
                    optional("id", string()),
                    optional("enabled", bool())))));

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
