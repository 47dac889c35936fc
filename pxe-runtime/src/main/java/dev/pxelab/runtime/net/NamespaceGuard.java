package dev.pxelab.runtime.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps pxelab off real networks: a lab's DHCP server answering on a developer's LAN or a CI
 * host's interface would be a serious incident. Before a lab touches the namespace it runs in,
 * this checks that the namespace holds nothing but loopback and interfaces that labs of this JVM
 * created themselves (so several labs can coexist).
 */
final class NamespaceGuard {

    /** Interfaces created by pxelab labs of this JVM; they never count as foreign. */
    private static final Set<String> OWN_INTERFACES = ConcurrentHashMap.newKeySet();

    private final Path procNetDev;

    NamespaceGuard(Path procNetDev) {
        this.procNetDev = procNetDev;
    }

    static NamespaceGuard forThisNamespace() {
        return new NamespaceGuard(Path.of("/proc/self/net/dev"));
    }

    static void claim(String interfaceName) {
        OWN_INTERFACES.add(interfaceName);
    }

    static void release(String interfaceName) {
        OWN_INTERFACES.remove(interfaceName);
    }

    /** Throws {@link IllegalStateException} when other interfaces exist and {@code allow} is false. */
    void check(boolean allow) throws IOException {
        List<String> foreign = foreignInterfaces();
        if (!foreign.isEmpty() && !allow) {
            throw new IllegalStateException(refusal(foreign));
        }
    }

    List<String> foreignInterfaces() throws IOException {
        return NetInterfaces.names(procNetDev).stream()
                .filter(name -> !name.equals("lo") && !OWN_INTERFACES.contains(name))
                .toList();
    }

    static String refusal(List<String> foreign) {
        return "pxelab refuses to set up a lab network in a network namespace that has other interfaces "
                + foreign + ": this looks like the host's network, where a lab DHCP server must never answer."
                + " Run the JVM in a namespace of its own (tools/netns/bin/java, or unshare --net), or set -D"
                + LabNetworkConfig.ALLOW_FOREIGN_INTERFACES_PROPERTY + "=true if this namespace is meant for the lab.";
    }

}
