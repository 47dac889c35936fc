package dev.pxelab.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * pxelab's network-namespace launcher (the same script as {@code tools/netns/bin/java} of pxelab's
 * checkout), written where a build can point Surefire at it. It runs the real JVM under
 * {@code unshare --net} as root and {@code unshare --net --map-root-user} otherwise.
 *
 * <p>The copy remembers which JVM to start: the one Surefire would have started itself (Maven's
 * own), unless {@code PXELAB_JAVA} says otherwise when it runs.
 */
final class NetnsLauncher {

    static final String RESOURCE = "java";
    /** Surefire accepts only a {@code <jvm>} whose path ends in {@code bin/java}. */
    static final Path RELATIVE_PATH = Path.of("bin", "java");

    private NetnsLauncher() {
    }

    /** Writes the launcher to {@code dir/bin/java}, executable, starting {@code realJava}; returns its path. */
    static Path write(Path dir, Path realJava) throws IOException {
        Path launcher = dir.resolve(RELATIVE_PATH);
        Files.createDirectories(launcher.getParent());
        Path partial = launcher.resolveSibling("java.partial");
        Files.writeString(partial, withDefaultJava(script(), realJava), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a rename: a test JVM of a parallel build never starts a half-written script
        Files.move(partial, launcher, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return launcher;
    }

    static String script() {
        try (InputStream in = NetnsLauncher.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the launcher is missing from the plugin's jar ("
                        + NetnsLauncher.class.getPackageName().replace('.', '/') + "/" + RESOURCE + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script with {@code PXELAB_JAVA} defaulting to {@code realJava}, right after its {@code set -eu}. */
    static String withDefaultJava(String script, Path realJava) {
        String marker = "\nset -eu\n";
        int at = script.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("the launcher has no 'set -eu' line to put the JVM's path after");
        }
        String quoted = "'" + realJava.toString().replace("'", "'\\''") + "'";
        String line = "[ -n \"${PXELAB_JAVA:-}\" ] || PXELAB_JAVA=" + quoted + "   # Maven's JVM, written by pxelab-maven-plugin\n";
        int end = at + marker.length();
        return script.substring(0, end) + line + script.substring(end);
    }
}
