package dev.pxelab.runtime.packages;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A flat apt repository ({@code deb [trusted=yes] <url> ./}) in one folder: the .debs, hard links
 * into the cache where the file system allows (copies otherwise), indexed by dpkg-scanpackages into
 * {@code Packages} and {@code Packages.gz}, and a {@code Release} that lists both, so that apt asks
 * for exactly those instead of probing for .xz and .bz2 variants that are not there.
 */
final class FlatRepository {

    static final String PACKAGES = "Packages";
    static final String PACKAGES_GZ = "Packages.gz";
    static final String RELEASE = "Release";

    private FlatRepository() {
    }

    /** Fills {@code directory} (created if missing; what an earlier request left there is replaced) with {@code debs} from {@code archives}. */
    static void write(Path directory, Path archives, List<DebFile> debs) {
        try {
            Files.createDirectories(directory);
            clear(directory);
            for (DebFile deb : debs) {
                link(archives.resolve(deb.fileName()), directory.resolve(deb.fileName()));
            }
            Files.writeString(directory.resolve(PACKAGES), index(directory), StandardCharsets.UTF_8);
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(directory.resolve(PACKAGES_GZ)))) {
                Files.copy(directory.resolve(PACKAGES), gz);
            }
            Files.writeString(directory.resolve(RELEASE), release(directory), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the package repository " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void clear(Path directory) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "{*.deb," + PACKAGES + "," + PACKAGES_GZ
                + "," + RELEASE + "}")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
    }

    private static void link(Path cached, Path target) throws IOException {
        try {
            Files.createLink(target, cached);
        } catch (IOException | UnsupportedOperationException e) {
            // another file system (a lab work dir on tmpfs) or one without hard links
            Files.copy(cached, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static String index(Path directory) {
        // Scanned from the parent: Filename: <folder>/name.deb, relative to the parent URL of the
        // sources line "<parent>/ <folder>/" (PreparedPackages.aptSource); "./" paths would make apt
        // ask for dot segments, which the lab's HTTP server refuses. No override file.
        Path parent = directory.toAbsolutePath().getParent();
        HostCommand.Result scan = HostCommand.run(List.of("dpkg-scanpackages", "--multiversion",
                directory.getFileName().toString(), "/dev/null"), AptGet.RESOLVE_TIMEOUT, parent);
        if (!scan.succeeded()) {
            throw new IllegalStateException("dpkg-scanpackages could not index " + directory + " (exit "
                    + scan.exitCode() + "):\n" + scan.output());
        }
        // stderr is interleaved (its warnings about the missing override file): keep the stanzas only
        StringBuilder stanzas = new StringBuilder();
        for (String line : scan.output().split("\n", -1)) {
            if (!line.startsWith("dpkg-scanpackages: ")) {
                stanzas.append(line).append('\n');
            }
        }
        return stanzas.toString().strip() + (stanzas.toString().isBlank() ? "" : "\n");
    }

    private static String release(Path directory) throws IOException {
        StringBuilder release = new StringBuilder()
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)
                        .format(ZonedDateTime.now(ZoneOffset.UTC))).append('\n')
                // the distribution of the sources line "<parent>/ <folder>/": without it apt warns
                // "Conflicting distribution"
                .append("Suite: ").append(directory.getFileName()).append("/\n")
                .append("SHA256:\n");
        for (String index : List.of(PACKAGES, PACKAGES_GZ)) {
            Path file = directory.resolve(index);
            release.append(' ').append(sha256(file)).append(' ').append(Files.size(file)).append(' ').append(index).append('\n');
        }
        return release.toString();
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
