package dev.pxelab.runtime.packages;

import dev.pxelab.runtime.host.HostNetworkLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the packages an autoinstall document lists installable on lab machines that have no route
 * out of the lab: resolves them against the image's dpkg status with the host's apt (its sources,
 * keys and package lists), fetches the .debs the image lacks into a per-user cache, and lays them
 * out as a flat repository for the lab's HTTP server to serve at {@code /packages/}.
 *
 * <pre>{@code
 * PreparedPackages repo = PackageRepository.inUserCache().prepare(
 *         new PackageRequest(List.of("nginx", "jq"), imageRoot.resolve("var/lib/dpkg/status"), Architecture.X86_64),
 *         labWork.resolve("packages"));
 * // machine: echo 'deb [trusted=yes] http://<server>/packages/ ./' > /etc/apt/sources.list
 * //          apt-get update && apt-get install --no-install-recommends nginx jq
 * }</pre>
 *
 * <p>What apt would do in the image is what is fetched: the packages and every dependency the image
 * does not already satisfy, <em>without Recommends</em> (see {@link AptGet} for the measurement
 * behind that choice; the machine should install with {@code --no-install-recommends} too, or it
 * would merely find the recommended packages missing). A dependency that needs a newer version of a
 * package the image has (perl needs the perl-base of the same version) is fetched as an upgrade.
 *
 * <p>Fetched .debs stay in {@code ${XDG_CACHE_HOME:-~/.cache}/pxelab/packages/<debian-arch>/}, so a
 * later request for packages already fetched resolves and links offline (apt reports "Need to get
 * 0 B"). The cache is locked while a request uses it, against other threads and other JVMs.
 *
 * <p>Downloading needs the host's network: a test JVM in pxelab's network namespace has no way out,
 * so a cold cache has to be filled from outside it (as pxelab-maven-plugin does for the test OS).
 * Resolving against the host's package lists and a warm cache need no network.
 */
public final class PackageRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PackageRepository.class);
    /** {@code release v=12.11,o=Debian,a=oldstable,n=bookworm,l=Debian,c=main,b=amd64} in apt-cache policy. */
    private static final Pattern RELEASE_NAME = Pattern.compile("[ ,]n=([^,\\s]+)");

    private final PackageCache cache;
    private final PackageHostTools tools;
    private final List<String> launcher;

    PackageRepository(PackageCache cache, PackageHostTools tools, List<String> launcher) {
        this.cache = cache;
        this.tools = tools;
        this.launcher = List.copyOf(launcher);
    }

    /**
     * The repository with this user's cache, {@code ${XDG_CACHE_HOME:-~/.cache}/pxelab/packages}; in
     * a test JVM whose network namespace leads nowhere, run as root, apt downloads through the
     * namespace of the Maven that started it ({@link HostNetworkLauncher}).
     */
    public static PackageRepository inUserCache() {
        return new PackageRepository(PackageCache.ofThisUser(), PackageHostTools.ofThisHost(),
                HostNetworkLauncher.launcher());
    }

    /**
     * Fetches what {@code request} needs (from the cache when it can) and writes the flat repository
     * into {@code directory}, replacing the .debs and index an earlier call left there.
     *
     * @throws IllegalArgumentException when a package does not exist or cannot be installed into the
     *         image, naming it and apt's reason
     * @throws IllegalStateException when the host lacks a tool, the image's status file, the package
     *         lists of the architecture, or the download fails
     */
    public PreparedPackages prepare(PackageRequest request, Path directory) {
        long started = System.nanoTime();
        tools.require();
        Path status = request.imageStatus().toAbsolutePath();
        if (!Files.isRegularFile(status)) {
            throw new IllegalStateException("no dpkg status file at " + status + ": pxelab needs the image's"
                    + " var/lib/dpkg/status to know which packages it already holds");
        }
        String arch = request.debianArchitecture();
        AptGet apt = new AptGet(launcher, status, cache.archives(arch), cache.aptState(arch), arch, runsAsRoot());
        PackageLists.require(apt.listsDirectory(), arch);
        try (PackageCache.Lock lock = cache.lock(arch)) {
            List<DebFile> plan = request.names().isEmpty() ? List.of() : resolve(apt, request);
            Path archives = cache.archives(arch);
            long downloaded = fetch(apt, request, plan, archives);
            List<DebFile> files = sized(plan, archives);
            FlatRepository.write(directory, cache.archives(arch), files);
            long bytes = files.stream().mapToLong(DebFile::size).sum();
            PreparedPackages prepared = new PreparedPackages(directory.toAbsolutePath(), request.names(), files, bytes,
                    downloaded);
            LOG.info("lab packages {}: {} .debs, {} ({}), in {} ms: {}", request.names(), files.size(), megabytes(bytes),
                    downloaded == 0 ? "all from the cache" : megabytes(downloaded) + " downloaded",
                    (System.nanoTime() - started) / 1_000_000, directory);
            return prepared;
        }
    }

    private List<DebFile> resolve(AptGet apt, PackageRequest request) {
        HostCommand.Result simulation = apt.simulate(request.names());
        if (!simulation.succeeded()) {
            throw new IllegalArgumentException(refusal(apt, request, simulation.output()));
        }
        return AptOutput.installs(simulation.output());
    }

    /** Downloads what the cache lacks of {@code plan}; returns how many bytes that was. */
    private long fetch(AptGet apt, PackageRequest request, List<DebFile> plan, Path archives) {
        List<DebFile> missing = plan.stream().filter(deb -> !Files.isRegularFile(archives.resolve(deb.fileName()))).toList();
        if (missing.isEmpty()) {
            return 0;
        }
        HostCommand.Result download = apt.download(request.names());
        if (!download.succeeded()) {
            throw new IllegalStateException("apt could not download " + names(missing) + " for " + request.names()
                    + " (exit " + download.exitCode() + "):\n" + tail(download.output(), 15)
                    + "\nDownloading needs this host's network; a test JVM in pxelab's network namespace has none,"
                    + " so fill the cache (" + cache.root() + ") from outside it.");
        }
        return missing.stream().map(deb -> archives.resolve(deb.fileName())).filter(Files::isRegularFile)
                .mapToLong(PackageRepository::size).sum();
    }

    private static List<DebFile> sized(List<DebFile> plan, Path archives) {
        List<DebFile> sized = new ArrayList<>();
        for (DebFile deb : plan) {
            Path file = archives.resolve(deb.fileName());
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("apt reported " + deb.name() + " " + deb.version() + " downloaded, but "
                        + file + " is not there");
            }
            sized.add(new DebFile(deb.name(), deb.version(), deb.architecture(), size(file)));
        }
        return sized;
    }

    /** What to tell the user when apt refuses: the names it does not know (with near misses), else apt's own reasons. */
    String refusal(AptGet apt, PackageRequest request, String output) {
        Set<String> unknown = AptOutput.unknown(output);
        if (!unknown.isEmpty()) {
            String archive = archive(apt);
            List<String> known = knownNames(apt);
            List<String> lines = new ArrayList<>();
            for (String name : unknown) {
                List<String> near = Suggestions.closest(name.replaceAll("[:=/].*", ""), known);
                lines.add("package '" + name + "' does not exist in the Debian archive this host's apt knows ("
                        + archive + ", " + request.debianArchitecture() + ")"
                        + (near.isEmpty() ? "" : ": did you mean " + String.join(", ", near) + "?"));
            }
            return String.join("\n", lines);
        }
        Set<String> unavailable = AptOutput.unavailable(output);
        String who = unavailable.isEmpty() ? String.join(" ", request.names()) : String.join(", ", unavailable);
        return "apt cannot install " + who + " into the image (" + request.imageStatus() + ", "
                + request.debianArchitecture() + "):\n" + AptOutput.reasons(output);
    }

    private static List<String> knownNames(AptGet apt) {
        HostCommand.Result names = apt.packageNames();
        return names.succeeded() ? List.of(names.output().split("\n")) : List.of();
    }

    /** The releases the host's sources name ({@code bookworm, bookworm-updates}), from apt-cache policy's {@code n=} fields. */
    private static String archive(AptGet apt) {
        Set<String> releases = new LinkedHashSet<>();
        HostCommand.Result policy = apt.policy();
        for (String line : policy.output().split("\n")) {
            Matcher n = RELEASE_NAME.matcher(line);
            if (line.strip().startsWith("release") && n.find()) {
                releases.add(n.group(1));
            }
        }
        return releases.isEmpty() ? "apt-cache policy names no release" : String.join(", ", releases);
    }

    private static boolean runsAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String names(List<DebFile> debs) {
        return String.join(" ", debs.stream().map(DebFile::name).toList());
    }

    private static String tail(String output, int lines) {
        List<String> all = List.of(output.strip().split("\n"));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
