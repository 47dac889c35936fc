package dev.pxelab.runtime.packages;

import dev.pxelab.runtime.boot.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: prepares a lab package repository once with an empty cache (cold: resolve and
 * download) and then a few times with the cache it filled (warm: resolve and link), and prints how
 * long each took and how much it fetched. Needs the host's network for the cold run.
 *
 * <p>Run through tools/bench/packages.sh.
 *
 * <pre>args: dpkg-status-file package...</pre>
 */
public final class PackageRepositoryTiming {

    public static void main(String[] args) throws Exception {
        Path status = Path.of(args[0]);
        List<String> names = List.of(args).subList(1, args.length);
        Path work = Files.createTempDirectory("pxelab-packages-timing");
        try {
            PackageRepository repository = new PackageRepository(new PackageCache(work.resolve("cache")),
                    PackageHostTools.ofThisHost(), List.of());
            PackageRequest request = new PackageRequest(names, status, Architecture.X86_64);
            for (int run = 0; run < 4; run++) {
                long started = System.nanoTime();
                PreparedPackages prepared = repository.prepare(request, work.resolve("repo-" + run));
                System.out.printf("RESULT %-4s %6.2f s  %3d .debs  %6.1f MB  %6.1f MB downloaded%n",
                        prepared.warm() ? "warm" : "cold", (System.nanoTime() - started) / 1e9, prepared.files().size(),
                        prepared.bytes() / 1e6, prepared.downloadedBytes() / 1e6);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
