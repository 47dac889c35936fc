package dev.pxelab.runtime.autoinstall;

import static dev.pxelab.runtime.autoinstall.Shapes.anyOf;
import static dev.pxelab.runtime.autoinstall.Shapes.bool;
import static dev.pxelab.runtime.autoinstall.Shapes.integer;
import static dev.pxelab.runtime.autoinstall.Shapes.listOf;
import static dev.pxelab.runtime.autoinstall.Shapes.oneOf;
import static dev.pxelab.runtime.autoinstall.Shapes.openObject;
import static dev.pxelab.runtime.autoinstall.Shapes.optional;
import static dev.pxelab.runtime.autoinstall.Shapes.required;
import static dev.pxelab.runtime.autoinstall.Shapes.string;

/**
 * The parts of cloud-config that pxelab checks: those that decide whether anyone can log in to the
 * installed system, and the common ones whose types are easy to get wrong. Other cloud-config
 * modules pass unchecked (cloud-init has many, and ignores unknown keys itself).
 */
final class CloudConfigModel {

    private CloudConfigModel() {
    }

    static final Shape SSH_KEYS = listOf(string("an SSH public key", Syntax::sshPublicKey));

    private static final Shape STRING_OR_LIST = anyOf(string(), listOf(string()));

    private static final Shape USER = openObject("a user",
            required("name", string("a user name", Syntax::username)),
            optional("passwd", string("a crypt(3) hash", Syntax::cryptedPassword)),
            optional("hashed_passwd", string("a crypt(3) hash", Syntax::cryptedPassword)),
            optional("plain_text_passwd", string()),
            optional("lock_passwd", bool()),
            optional("ssh_authorized_keys", SSH_KEYS),
            optional("sudo", anyOf(string(), listOf(string()), bool())),
            optional("groups", STRING_OR_LIST),
            optional("shell", string()),
            optional("gecos", string()),
            optional("primary_group", string()),
            optional("homedir", string()),
            optional("system", bool()),
            optional("uid", anyOf(integer(0, Integer.MAX_VALUE), string())));

    static final Shape COMMANDS = listOf(anyOf(string(), listOf(string())));

    /** A {@code #cloud-config} document, or the {@code user-data} section of autoinstall. */
    static final Shape CLOUD_CONFIG = openObject("a cloud-config mapping",
            optional("hostname", string("a host name", Syntax::hostname)),
            optional("fqdn", string("a host name", Syntax::hostname)),
            optional("users", listOf(anyOf(string("\"default\" or a user name", text -> null), USER))),
            optional("ssh_authorized_keys", SSH_KEYS),
            optional("ssh_pwauth", bool()),
            optional("disable_root", bool()),
            optional("chpasswd", openObject("a chpasswd mapping",
                    optional("expire", bool()))),
            optional("bootcmd", COMMANDS),
            optional("runcmd", COMMANDS),
            optional("packages", listOf(anyOf(string(), listOf(string())))),
            optional("package_update", bool()),
            optional("package_upgrade", bool()),
            optional("timezone", string()),
            optional("write_files", listOf(openObject("a file",
                    required("path", string()),
                    optional("content", string()),
                    optional("permissions", string()),
                    optional("owner", string()),
                    optional("encoding", oneOf("b64", "base64", "gz", "gzip", "gz+base64", "gzip+base64", "gz+b64",
                            "gzip+b64", "text/plain")),
                    optional("append", bool()),
                    optional("defer", bool())))),
            optional("power_state", openObject("a power_state mapping",
                    optional("mode", oneOf("poweroff", "reboot", "halt")),
                    optional("message", string()),
                    optional("timeout", integer(0, Integer.MAX_VALUE)))),
            optional("phone_home", openObject("a phone_home mapping",
                    required("url", string("an http(s) URL", Syntax::httpUrl)),
                    optional("tries", integer(0, Integer.MAX_VALUE)))),
            optional("final_message", string()));
}
