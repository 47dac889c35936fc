package dev.pxelab.runtime.autoinstall;

import static dev.pxelab.runtime.autoinstall.Shapes.adviceString;
import static dev.pxelab.runtime.autoinstall.Shapes.anyOf;
import static dev.pxelab.runtime.autoinstall.Shapes.bool;
import static dev.pxelab.runtime.autoinstall.Shapes.checked;
import static dev.pxelab.runtime.autoinstall.Shapes.closedObject;
import static dev.pxelab.runtime.autoinstall.Shapes.integer;
import static dev.pxelab.runtime.autoinstall.Shapes.listOf;
import static dev.pxelab.runtime.autoinstall.Shapes.mapOf;
import static dev.pxelab.runtime.autoinstall.Shapes.nonEmptyListOf;
import static dev.pxelab.runtime.autoinstall.Shapes.nothing;
import static dev.pxelab.runtime.autoinstall.Shapes.oneOf;
import static dev.pxelab.runtime.autoinstall.Shapes.openObject;
import static dev.pxelab.runtime.autoinstall.Shapes.optional;
import static dev.pxelab.runtime.autoinstall.Shapes.required;
import static dev.pxelab.runtime.autoinstall.Shapes.string;

/**
 * The cloud-config modules pxelab checks, as cloud-init's own schema (cloud-init 22.4, Debian 12)
 * decides them: users and groups ({@code users}), ssh ({@code ssh_authorized_keys},
 * {@code disable_root}), set_passwords ({@code ssh_pwauth}, {@code chpasswd}), bootcmd, runcmd,
 * package_update_upgrade_install, write_files, power_state_change, phone_home, set_hostname,
 * timezone and final_message. Other modules' keys pass unchecked, as cloud-init ignores keys it
 * does not know. Values cloud-init takes as any string (host names, keys, hashes) get pxelab's
 * syntax advice as warnings only. {@code CloudInitOracleTest} holds this model to cloud-init's
 * verdict.
 */
final class CloudConfigModel {

    private CloudConfigModel() {
    }

    // cc_ssh ssh_authorized_keys: an array of strings, minItems 1.
    static final Shape SSH_KEY = adviceString("an SSH public key", Syntax::sshPublicKey);
    static final Shape SSH_KEYS = nonEmptyListOf(SSH_KEY);

    private static final Shape PASSWORD_HASH = adviceString("a crypt(3) hash", Syntax::cryptedPassword);

    // users_groups.user: closed (additionalProperties: false); oneOf required name or snapuser.
    private static final Shape USER = closedObject("a user (name, ...)",
            required("name", adviceString("a user name", Syntax::username)),
            optional("expiredate", string()),
            optional("gecos", string()),
            optional("groups", anyOf(string(), nonEmptyListOf(string()), mapOf("group names", nothing()))),
            optional("homedir", string()),
            optional("inactive", string()),
            optional("lock-passwd", bool()),
            optional("lock_passwd", bool()),
            optional("no_create_home", bool()),
            optional("no_log_init", bool()),
            optional("no_user_group", bool()),
            optional("passwd", PASSWORD_HASH),
            optional("hashed_passwd", PASSWORD_HASH),
            optional("plain_text_passwd", string()),
            optional("create_groups", bool()),
            optional("primary_group", string()),
            optional("selinux_user", string()),
            optional("shell", string()),
            optional("snapuser", string()),
            optional("ssh_authorized_keys", SSH_KEYS),
            optional("ssh_import_id", nonEmptyListOf(string())),
            optional("ssh_redirect_user", bool()),
            optional("system", bool()),
            // sudo: a string, null, or (deprecated) a boolean; cloud-init 22.4 takes no list here
            optional("sudo", anyOf(string(), nothing(), bool())),
            optional("uid", anyOf(integer(Long.MIN_VALUE, Long.MAX_VALUE), string())));

    // cc_runcmd items: a string, an argv list or null; cc_bootcmd items: a string or an argv list. minItems 1.
    static final Shape RUNCMD = nonEmptyListOf(anyOf(string(), listOf(string()), nothing()));
    static final Shape BOOTCMD = nonEmptyListOf(anyOf(string(), listOf(string())));

    // cc_package_update_upgrade_install packages items given as a list: minItems 2, maxItems 2.
    private static final Shape PACKAGE_PAIR = checked(listOf(string()), (node, path, findings) -> {
        if (Nodes.items(node).size() != 2) {
            findings.error(node, path, "a list of " + Nodes.items(node).size() + " items", "a [name, version] pair",
                    "write just the name for any version");
        }
    });

    /** A {@code #cloud-config} document, or the {@code user-data} section of autoinstall. */
    static final Shape CLOUD_CONFIG = openObject("a cloud-config mapping",
            // cc_set_hostname: strings
            optional("hostname", adviceString("a host name", Syntax::hostname)),
            optional("fqdn", adviceString("a host name", Syntax::hostname)),
            optional("preserve_hostname", bool()),
            // cc_users_groups users: a string, or a list of names, name lists and users
            optional("users", anyOf(string(), nonEmptyListOf(anyOf(string(), listOf(string()), USER)))),
            optional("ssh_authorized_keys", SSH_KEYS),
            // cc_set_passwords ssh_pwauth: boolean (a string is deprecated but accepted)
            optional("ssh_pwauth", anyOf(bool(), string())),
            optional("disable_root", bool()),
            // cc_set_passwords chpasswd: closed {expire, users, list}
            optional("chpasswd", closedObject("a chpasswd mapping (expire, users, list)",
                    optional("expire", bool()),
                    optional("users", listOf(openObject("a user password (name, password or type)",
                            required("name", string()),
                            optional("password", string()),
                            optional("type", oneOf("hash", "text", "RANDOM"))))),
                    optional("list", anyOf(string(), listOf(string()))))),
            optional("password", string()),
            optional("bootcmd", BOOTCMD),
            optional("runcmd", RUNCMD),
            // cc_package_update_upgrade_install packages: names, or [name, version] pairs
            optional("packages", nonEmptyListOf(anyOf(string(), PACKAGE_PAIR))),
            optional("package_update", bool()),
            optional("package_upgrade", bool()),
            optional("package_reboot_if_required", bool()),
            optional("timezone", string()),
            // cc_write_files items: closed, required [path]
            optional("write_files", nonEmptyListOf(closedObject("a file (path, content, ...)",
                    required("path", string()),
                    optional("content", string()),
                    optional("permissions", string()),
                    optional("owner", string()),
                    optional("encoding", oneOf("b64", "base64", "gz", "gzip", "gz+base64", "gzip+base64", "gz+b64",
                            "gzip+b64", "text/plain")),
                    optional("append", bool()),
                    optional("defer", bool())))),
            // cc_power_state_change power_state: closed, required [mode]
            optional("power_state", closedObject("a power_state mapping (mode, delay, message, timeout, condition)",
                    required("mode", oneOf("poweroff", "reboot", "halt")),
                    optional("delay", anyOf(integer(0, Long.MAX_VALUE), string())),
                    optional("message", string()),
                    optional("timeout", integer(Long.MIN_VALUE, Long.MAX_VALUE)),
                    optional("condition", anyOf(string(), bool(), listOf(Shapes.anything("a command")))))),
            // cc_phone_home phone_home: closed, required [url]
            optional("phone_home", closedObject("a phone_home mapping (url, post, tries)",
                    required("url", adviceString("an http(s) URL", Syntax::httpUrl)),
                    optional("post", anyOf(oneOf("all"), listOf(oneOf("pub_key_dsa", "pub_key_rsa", "pub_key_ecdsa",
                            "pub_key_ed25519", "instance_id", "hostname", "fqdn")))),
                    optional("tries", integer(Long.MIN_VALUE, Long.MAX_VALUE)))),
            optional("final_message", string()));
}
