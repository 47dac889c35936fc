package dev.pxelab.runtime.packages;

import dev.pxelab.runtime.host.HostTools;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The host commands a package repository is made with, checked together so one message names all that is missing. */
final class PackageHostTools {

    static final Map<String, String> TOOLS = tools();

    private final Predicate<String> onPath;

    PackageHostTools(Predicate<String> onPath) {
        this.onPath = onPath;
    }

    static PackageHostTools ofThisHost() {
        return new PackageHostTools(HostTools.onPath());
    }

    private static Map<String, String> tools() {
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("apt-get", "apt");
        tools.put("apt-cache", "apt");
        tools.put("apt-config", "apt");
        tools.put("dpkg-scanpackages", "dpkg-dev");
        return tools;
    }

    /** Throws an {@link IllegalStateException} naming every missing command and the package to install; nothing when all are there. */
    void require() {
        HostTools.Missing missing = HostTools.Missing.of(TOOLS, onPath);
        if (!missing.isEmpty()) {
            String advice = missing.packages().contains("apt")
                    ? " pxelab fetches lab packages through the host's apt, so this needs a Debian or Ubuntu host."
                    : " Install with: sudo apt-get install " + String.join(" ", missing.packages())
                            + " (pxelab's tools/setup does).";
            throw new IllegalStateException("pxelab cannot prepare the lab's package repository: this host lacks "
                    + String.join(", ", missing.items()) + "." + advice);
        }
    }
}
