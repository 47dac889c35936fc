package dev.pxelab.runtime.boot;

import dev.pxelab.runtime.host.HostNetworkLauncher;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Builds the test OS on first use from the recipe that ships in the {@code assets} artifact, so that
 * a project depending on pxelab needs no checkout and no setting: the recipe runs with the host's
 * apt and keys its cache ({@code ~/.cache/pxelab/testos/<key>}) on the exact package versions and
 * its own sources, so a later run only links the cached files (a fraction of a second).
 *
 * <p>Test JVMs run in a network namespace without a way out, so on a host whose cache lacks the
 * build, pxelab-maven-plugin builds it first ({@link #prebuild}); the test JVM's own run of the
 * recipe then only links cached files.
 *
 * <p>Each JVM gets its own output folder ({@code ~/.cache/pxelab/labs/<pid>/}, hard links into the
 * cache, removed when the JVM ends): another JVM relinking a shared folder could otherwise pull a
 * file from under a running lab's HTTP server. Each flavour and architecture is built once per JVM,
 * all into that one folder ({@code x86_64/}, {@code aarch64/}), so one lab serves machines of both
 * architectures and both flavours from it. A debian build holds the tiny one's files too, so tiny
 * after debian builds nothing (the recipe's tiny build would relink the folder without the debian
 * image); debian after tiny leaves the tiny files as they are and adds its own.
 */
public final class TestOsFirstUse {

    private static final TestOsFirstUse JVM_WIDE = new TestOsFirstUse(cacheRoot(),
            () -> TestOsRecipe.onClassPath(TestOsFirstUse.class.getClassLoader()), TestOsHostTools.ofThisHost(),
            line -> System.err.println("pxelab: " + line));

    private final Path cacheRoot;
    private final Supplier<TestOsRecipe> recipe;
    private final TestOsHostTools hostTools;
    private final Consumer<String> progress;
    /**
     * Why a download fails in a test JVM: it runs in a network namespace of its own, which leads
     * nowhere. Builds that need the network happen before, outside it.
     */
    static final String OFFLINE = "A test JVM runs in a network namespace without a way out, so a test OS that is not"
            + " in the cache yet cannot be downloaded from there: pxelab-maven-plugin's prepare goal builds it before"
            + " the tests (mvn test; <testOs>debian</testOs> for the debian flavour), or set pxelab.testos.dir to a"
            + " build made with build-testos.sh.";

    private final Map<TestOs, Set<Architecture>> built = new EnumMap<>(TestOs.class);
    private Path jvmFolder;

    TestOsFirstUse(Path cacheRoot, Supplier<TestOsRecipe> recipe, TestOsHostTools hostTools,
                   Consumer<String> progress) {
        this.cacheRoot = cacheRoot;
        this.recipe = recipe;
        this.hostTools = hostTools;
        this.progress = progress;
    }

    static TestOsFirstUse jvmWide() {
        return JVM_WIDE;
    }

    /** {@code $XDG_CACHE_HOME/pxelab}, else {@code ~/.cache/pxelab}: where build-testos.sh caches too. */
    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("pxelab");
    }

    /** The x86_64 build of {@code flavour}: {@link #build(TestOs, Architecture)}. */
    Path build(TestOs flavour) {
        return build(flavour, Architecture.X86_64);
    }

    /**
     * This JVM's folder, holding {@code <arch>/} of {@code flavour}: built now unless this JVM
     * already did.
     */
    synchronized Path build(TestOs flavour, Architecture arch) {
        Path out = outputFolder();
        Set<Architecture> done = built.computeIfAbsent(flavour, f -> EnumSet.noneOf(Architecture.class));
        boolean inTheDebianBuild = flavour == TestOs.TINY
                && built.getOrDefault(TestOs.DEBIAN, Set.of()).contains(arch);
        if (!done.contains(arch) && !inTheDebianBuild) {
            buildInto(flavour, arch, out);
            done.add(arch);
        }
        return out;
    }

    /**
     * Builds (or, when cached, links) the x86_64 {@code flavour} into {@code out}, outside this
     * JVM's memo: pxelab-maven-plugin calls it before the tests, outside their network namespace,
     * where apt can download; a test JVM then finds the build in the cache.
     */
    public static Path prebuild(TestOs flavour, Path out, Consumer<String> progress) {
        return prebuild(flavour, Architecture.X86_64, out, progress);
    }

    /** As {@link #prebuild(TestOs, Path, Consumer)}, for machines of architecture {@code arch}. */
    public static Path prebuild(TestOs flavour, Architecture arch, Path out, Consumer<String> progress) {
        return new TestOsFirstUse(cacheRoot(), () -> TestOsRecipe.onClassPath(TestOsFirstUse.class.getClassLoader()),
                TestOsHostTools.ofThisHost(), progress).buildInto(flavour, arch, out);
    }

    private Path buildInto(TestOs flavour, Architecture arch, Path out) {
        hostTools.require(arch);
        Path script = recipe.get().unpackInto(cacheRoot).resolve(TestOsRecipe.SCRIPT);
        String name = flavour.name().toLowerCase();
        String what = "test OS '" + name + "'" + (arch == Architecture.X86_64 ? "" : " for " + arch.unameMachine());
        progress.accept(what + ": building with " + script + " (cached in " + cacheRoot.resolve("testos")
                + "; the first build on a host downloads Debian packages and takes a while, later ones reuse it)");
        long started = System.nanoTime();
        run(script, name, arch, out);
        Path image = Path.of(arch.unameMachine(), flavour.image());
        if (!Files.isRegularFile(out.resolve(image))) {
            throw new IllegalStateException("pxelab's test OS recipe " + script + " ended without " + image + " in " + out);
        }
        progress.accept(what + ": ready in " + String.format("%.1f", (System.nanoTime() - started) / 1e9)
                + " s: " + out);
        return out;
    }

    private void run(Path script, String flavour, Architecture arch, Path out) {
        Deque<String> tail = new ArrayDeque<>();
        int status;
        try {
            // A test JVM's namespace leads nowhere; as root, the recipe's downloads go through Maven's.
            List<String> command = new ArrayList<>(HostNetworkLauncher.launcher());
            command.addAll(List.of("sh", script.toString(), "--flavour", flavour, "--arch", arch.unameMachine(),
                    out.toString()));
            Process sh = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(sh.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("build-testos")) {
                        progress.accept(line); // the recipe's own progress lines, one per step
                    }
                    tail.addLast(line);
                    if (tail.size() > 20) {
                        tail.removeFirst();
                    }
                }
            }
            status = sh.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pxelab's test OS recipe " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building pxelab's test OS", e);
        }
        if (status != 0) {
            throw new IllegalStateException("building pxelab's test OS (" + flavour + ", " + arch.unameMachine()
                    + ") failed: sh " + script + " --flavour " + flavour + " --arch " + arch.unameMachine() + " " + out
                    + " exited " + status + ". Its last lines:\n  "
                    + String.join("\n  ", tail) + (String.join("\n", tail).contains("download failed") ? "\n" + OFFLINE : ""));
        }
    }

    /** This JVM's folder; folders of JVMs that ended without removing theirs go first. */
    private Path outputFolder() {
        if (jvmFolder != null) {
            return jvmFolder;
        }
        Path labs = cacheRoot.resolve("labs");
        long pid = ProcessHandle.current().pid();
        try {
            Files.createDirectories(labs);
            try (Stream<Path> stale = Files.list(labs)) {
                stale.filter(dir -> !isAlive(dir.getFileName().toString())).forEach(TestOsFirstUse::deleteQuietly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + labs + ": " + e.getMessage(), e);
        }
        Path out = labs.resolve(Long.toString(pid));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(out), "pxelab-testos-cleanup"));
        jvmFolder = out;
        return out;
    }

    private static boolean isAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not one of ours: leave it
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover of hard links costs no space; the next JVM tries again
        }
    }
}
