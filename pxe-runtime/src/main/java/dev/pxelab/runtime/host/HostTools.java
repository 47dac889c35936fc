package dev.pxelab.runtime.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What this host has of the commands and files a pxelab build needs, so that a check can name
 * everything that is missing in one message, with the Debian package that brings each.
 */
public final class HostTools {

    private HostTools() {
    }

    /** Whether a command is an executable file in one of the directories of this process's PATH. */
    public static Predicate<String> onPath() {
        List<Path> path = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                path.add(Path.of(dir));
            }
        }
        return tool -> path.stream().anyMatch(dir -> Files.isExecutable(dir.resolve(tool)));
    }

    /**
     * What is missing of {@code needed} (command or file, mapped to its Debian package).
     *
     * @param items    each missing one as "name (package)", in {@code needed}'s order
     * @param packages the packages to install for them
     */
    public record Missing(List<String> items, Set<String> packages) {

        public static Missing of(Map<String, String> needed, Predicate<String> present) {
            List<String> items = new ArrayList<>();
            Set<String> packages = new LinkedHashSet<>();
            needed.forEach((name, pkg) -> {
                if (!present.test(name)) {
                    items.add(name + " (" + pkg + ")");
                    packages.add(pkg);
                }
            });
            return new Missing(List.copyOf(items), packages);
        }

        public Missing and(Missing other) {
            List<String> items = new ArrayList<>(this.items);
            items.addAll(other.items);
            Set<String> packages = new LinkedHashSet<>(this.packages);
            packages.addAll(other.packages);
            return new Missing(List.copyOf(items), packages);
        }

        public boolean isEmpty() {
            return items.isEmpty();
        }
    }
}
