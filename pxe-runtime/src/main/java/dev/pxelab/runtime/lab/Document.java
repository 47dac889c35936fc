package dev.pxelab.runtime.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A NoCloud document (user-data, meta-data, ...) with where it came from, so that validation
 * problems and errors name the file a user wrote.
 *
 * @param origin a path, {@code classpath:...}, or a short description of inline text
 */
public record Document(String origin, String content) {

    public static Document inline(String origin, String content) {
        return new Document(origin, content);
    }

    public static Document of(Path file) {
        try {
            return new Document(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file " + file.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /**
     * A classpath resource of {@code loader}, else a file relative to the working directory: tests
     * name their user-data the way they name other test resources.
     */
    public static Document resolve(String location, ClassLoader loader) {
        String resource = location.startsWith("/") ? location.substring(1) : location;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                return new Document("classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
        Path file = Path.of(location);
        if (Files.isRegularFile(file)) {
            return of(file);
        }
        throw new IllegalArgumentException("'" + location + "' is neither a classpath resource nor a file ("
                + file.toAbsolutePath() + " does not exist)");
    }

    byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
