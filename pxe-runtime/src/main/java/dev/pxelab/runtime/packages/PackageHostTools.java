package dev.pxelab.runtime.packages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The host commands a package repository is made with, checked together so one message names all that is missing. */
final class PackageHostTools {

    static final Map<String, String> TOOLS = tools();

    private final Predicate<String> onPath;

    PackageHostTools(Predicate<String> onPath) {
        this.onPath = onPath;
    }

    static PackageHostTools ofThisHost() {
        List<Path> path = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                path.add(Path.of(dir));
            }
        }
        return new PackageHostTools(tool -> path.stream().anyMatch(dir -> Files.isExecutable(dir.resolve(tool))));
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
        List<String> missing = new ArrayList<>();
        Set<String> packages = new LinkedHashSet<>();
        TOOLS.forEach((tool, pkg) -> {
            if (!onPath.test(tool)) {
                missing.add(tool + " (" + pkg + ")");
                packages.add(pkg);
            }
        });
        if (!missing.isEmpty()) {
            String advice = packages.contains("apt")
                    ? " pxelab fetches lab packages through the host's apt, so this needs a Debian or Ubuntu host."
                    : " Install with: sudo apt-get install " + String.join(" ", packages) + " (pxelab's tools/setup does).";
            throw new IllegalStateException("pxelab cannot prepare the lab's package repository: this host lacks "
                    + String.join(", ", missing) + "." + advice);
        }
    }
}
