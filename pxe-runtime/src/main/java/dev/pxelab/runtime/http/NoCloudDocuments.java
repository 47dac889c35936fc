package dev.pxelab.runtime.http;

import java.nio.charset.StandardCharsets;

/**
 * Which bytes answer a NoCloud request: the host's own document, else the lab's generic one
 * (the seed's lookup order), and for meta-data, which cloud-init requires, a generated one when
 * neither exists.
 */
final class NoCloudDocuments {

    private NoCloudDocuments() { }

    /** The document for this host, or null when there is none (then the answer is 404). */
    static byte[] forHost(HostBoot host, NoCloudData generic, NoCloudFile file) {
        byte[] own = host.data().get(file);
        if (own != null) {
            return own;
        }
        byte[] lab = generic.get(file);
        if (lab != null) {
            return lab;
        }
        return file == NoCloudFile.META_DATA ? generatedMetaData(host) : null;
    }

    /** The document at the root (no MAC in the path), or null. */
    static byte[] generic(NoCloudData generic, NoCloudFile file) {
        byte[] lab = generic.get(file);
        if (lab == null && file == NoCloudFile.META_DATA) {
            return "instance-id: pxelab-generic\n".getBytes(StandardCharsets.UTF_8);
        }
        return lab;
    }

    /**
     * {@code instance-id} changes exactly when the MAC is installed anew, so cloud-init on the
     * installed system runs once per install and never again on a plain reboot.
     */
    static byte[] generatedMetaData(HostBoot host) {
        StringBuilder s = new StringBuilder();
        s.append("instance-id: ").append(instanceId(host)).append('\n');
        if (host.hostname() != null) {
            s.append("local-hostname: ").append(yamlString(host.hostname())).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String instanceId(HostBoot host) {
        return "pxelab-" + host.mac().value().replace(":", "") + "-" + host.installGeneration();
    }

    private static String yamlString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
