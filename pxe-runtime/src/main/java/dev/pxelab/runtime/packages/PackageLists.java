package dev.pxelab.runtime.packages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether the host's apt has package lists for an architecture. Without them apt would call every
 * package "unable to locate", which would blame the user's package names for a host setting.
 */
final class PackageLists {

    private PackageLists() {
    }

    static void require(Path listsDirectory, String architecture) {
        if (!has(listsDirectory, architecture)) {
            throw new IllegalStateException("this host's apt has no package lists for " + architecture + " (no *_binary-"
                    + architecture + "_Packages* in " + listsDirectory + "), so pxelab cannot fetch " + architecture
                    + " packages here. " + (has(listsDirectory, null)
                    ? "Make apt fetch them (dpkg --add-architecture " + architecture + " && apt-get update; on Ubuntu "
                    + architecture + " also needs ports.ubuntu.com in the sources) or prepare the packages on a host"
                    + " that has them; pxelab does not change the host's apt configuration."
                    : "Run apt-get update."));
        }
    }

    private static boolean has(Path listsDirectory, String architecture) {
        String marker = "_binary-" + (architecture == null ? "" : architecture + "_") ;
        if (!Files.isDirectory(listsDirectory)) {
            return false;
        }
        try (Stream<Path> files = Files.list(listsDirectory)) {
            return files.map(f -> f.getFileName().toString())
                    .anyMatch(name -> name.contains(marker) && name.contains("_Packages"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read apt's package lists in " + listsDirectory + ": " + e.getMessage(), e);
        }
    }
}
