package dev.pxelab.runtime.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps pxelab off real networks: a lab's DHCP server answering on a developer's LAN or a CI
 * host's interface would be a serious incident. Before a lab touches the namespace it runs in,
 * this checks that the namespace holds nothing but loopback and interfaces that labs of this JVM
 * created themselves (so several labs can coexist): those its {@link AddressPlan} knows.
 */
final class NamespaceGuard {

    private final Path procNetDev;
    private final AddressPlan plan;

    NamespaceGuard(Path procNetDev, AddressPlan plan) {
        this.procNetDev = procNetDev;
        this.plan = plan;
    }

    static NamespaceGuard forThisNamespace(AddressPlan plan) {
        return new NamespaceGuard(Path.of("/proc/self/net/dev"), plan);
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
                .filter(name -> !name.equals("lo") && !plan.ownsInterface(name))
                .toList();
    }

    static String refusal(List<String> foreign) {
        String refusal = "pxelab refuses to set up a lab network in a network namespace that has other interfaces "
                + foreign + ": this looks like the host's network, where a lab DHCP server must never answer."
                + " Run the test JVM in a namespace of its own: with Maven, pxelab-maven-plugin's prepare goal does it"
                + " (docs/getting-started.md); from an IDE, see \"Running one class from an IDE\" in docs/junit.md;"
                + " elsewhere, start the JVM under unshare --net (as root) or unshare --net --map-root-user. Or allow it"
                + " (LabNetworkConfig allowForeignInterfaces(true), or -D"
                + LabNetworkConfig.ALLOW_FOREIGN_INTERFACES_PROPERTY + "=true) if this namespace is meant for the lab.";
        if (foreign.stream().anyMatch(name -> name.startsWith(LabNetwork.NAME_PREFIX))) {
            // Not the host's: pxelab's own, from a lab this plan does not know.
            refusal += " Interfaces named " + LabNetwork.NAME_PREFIX + "* are pxelab's: a lab of this JVM made them"
                    + " with another AddressPlan; give all labs of a JVM the same one (AddressPlan.jvmWide()).";
        }
        return refusal;
    }

}
