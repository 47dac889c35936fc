package dev.pxelab.runtime.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The test OS's build recipe ({@code build-testos.sh} and the sources it reads) as the {@code assets}
 * artifact ships it: a folder of classpath resources, in the jar of a user's dependency or in
 * {@code assets/target/classes} of pxelab's own build. It is copied out once per content into the
 * cache, where {@code sh} can run it; the script keys its own build cache on the same bytes, so a
 * recipe from the jar and one from a checkout share their builds.
 */
final class TestOsRecipe {

    /** Where the assets module puts the recipe among its resources (see assets/pom.xml). */
    static final String RESOURCE_FOLDER = "dev/pxelab/assets/recipe";
    static final String SCRIPT = "build-testos.sh";

    private final Path root;

    private TestOsRecipe(Path root) {
        this.root = root;
    }

    /** The recipe folder on the class path of {@code loader}, or an error naming the artifact that is missing. */
    static TestOsRecipe onClassPath(ClassLoader loader) {
        URL script = loader.getResource(RESOURCE_FOLDER + "/" + SCRIPT);
        if (script == null) {
            throw new IllegalStateException("pxelab's test OS recipe is not on the class path (no " + RESOURCE_FOLDER
                    + "/" + SCRIPT + "): it comes with the artifact dev.pxelab:assets, a dependency of pxe-runtime;"
                    + " or set pxelab.testos.dir to a test OS built elsewhere");
        }
        try {
            URI uri = script.toURI();
            if ("jar".equals(uri.getScheme())) {
                return new TestOsRecipe(jarFileSystem(uri).getPath(RESOURCE_FOLDER));
            }
            return new TestOsRecipe(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read pxelab's test OS recipe at " + script + ": " + e, e);
        }
    }

    static TestOsRecipe in(Path folder) {
        return new TestOsRecipe(folder);
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            return FileSystems.getFileSystem(uri);
        }
    }

    /** Every file of the recipe, relative, in a stable order. */
    List<String> files() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list pxelab's test OS recipe in " + root, e);
        }
    }

    /** Names the recipe's content: paths and bytes. */
    String contentHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String file : files()) {
                sha.update(file.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(root.resolve(file)));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pxelab's test OS recipe in " + root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The recipe as files under {@code cacheRoot/recipe/<content hash>/}, copied there unless an
     * earlier run did. Published by a rename, so parallel JVMs never run a half-copied recipe.
     */
    Path unpackInto(Path cacheRoot) {
        Path target = cacheRoot.resolve("recipe").resolve(contentHash());
        if (Files.isRegularFile(target.resolve(SCRIPT))) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempDirectory(target.getParent(), ".unpack-");
            for (String file : files()) {
                Path to = partial.resolve(file);
                Files.createDirectories(to.getParent());
                Files.copy(root.resolve(file), to, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lostTheRace) {
                if (!Files.isRegularFile(target.resolve(SCRIPT))) {
                    throw lostTheRace;
                }
                deleteTree(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack pxelab's test OS recipe into " + target + ": " + e, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return root.toUri().toString();
    }
}
