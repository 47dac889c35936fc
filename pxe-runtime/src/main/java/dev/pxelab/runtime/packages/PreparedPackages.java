package dev.pxelab.runtime.packages;

import java.nio.file.Path;
import java.util.List;

/**
 * A flat apt repository ready to serve: the .debs of a {@link PackageRequest} that the image lacks,
 * with its {@code Packages}, {@code Packages.gz} and {@code Release} index.
 *
 * @param directory the repository: serve it under its own name (a folder {@code packages} at
 *                  {@code http://<server>/packages/}), so that a machine reaches it as {@link #aptSource}
 * @param requested the names that were asked for
 * @param files every .deb in it, the requested packages and the dependencies the image lacks
 * @param bytes the size of all of them
 * @param downloadedBytes what had to be downloaded for this request: 0 when the cache had everything
 */
public record PreparedPackages(Path directory, List<String> requested, List<DebFile> files, long bytes,
                               long downloadedBytes) {

    public PreparedPackages {
        requested = List.copyOf(requested);
        files = List.copyOf(files);
    }

    /** The sources.list line for a machine that reaches {@link #directory} at {@code url} ({@code http://10.0.0.1/packages/}). */
    public static String aptSource(String url) {
        // trusted=yes: the index is not signed; the lab network is the machine's only way to it.
        // "<parent>/ <folder>/", not "<url>/ ./": apt would ask for <url>/./Packages, a path
        // the lab's HTTP server refuses as it refuses every dot segment.
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        int slash = trimmed.lastIndexOf('/');
        return "deb [trusted=yes] " + trimmed.substring(0, slash + 1) + " " + trimmed.substring(slash + 1) + "/";
    }

    /** True when nothing had to be downloaded. */
    public boolean warm() {
        return downloadedBytes == 0;
    }
}
