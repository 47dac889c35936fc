package dev.pxelab.junit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches files to a test report where the running JUnit can: {@code ExtensionContext.publishFile}
 * exists from JUnit 5.12 on, with its media type in {@code org.junit.jupiter.api.extension} (5.12,
 * 5.13) and {@code org.junit.jupiter.api} (5.14, 6). pxelab supports 5.10 through 6, so the method is
 * found at run time, and without it files are not attached (they stay in the work folder when a test
 * failed) instead of failing the class's teardown with a {@code NoClassDefFoundError}.
 */
final class ReportFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ReportFiles.class);
    private static final Optional<Method> PUBLISH_FILE = publishFile();

    private ReportFiles() {
    }

    /** Whether this JUnit can attach files to its report. */
    static boolean supported() {
        return PUBLISH_FILE.isPresent();
    }

    /**
     * Attaches a copy of {@code file} named {@code name}, of media type {@code mediaType}
     * (e.g. {@code text/html; charset=UTF-8}); returns whether it did. Never throws: a report
     * attachment must not hide the outcome it documents.
     */
    static boolean publish(ExtensionContext context, String name, String mediaType, Path file) {
        if (PUBLISH_FILE.isEmpty()) {
            return false;
        }
        Method publish = PUBLISH_FILE.get();
        try {
            Object type = publish.getParameterTypes()[1].getMethod("parse", String.class).invoke(null, mediaType);
            ThrowingConsumer<Path> copy = target -> Files.copy(file, target);
            publish.invoke(context, name, type, copy);
            return true;
        } catch (InvocationTargetException e) {
            LOG.warn("could not attach {} to the report: {}", file, e.getCause().toString());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not attach {} to the report: {}", file, e.toString());
        }
        return false;
    }

    /** The newest {@code publishFile(String, MediaType, ThrowingConsumer)} this JUnit has. */
    private static Optional<Method> publishFile() {
        return Arrays.stream(ExtensionContext.class.getMethods())
                .filter(m -> m.getName().equals("publishFile") && m.getParameterCount() == 3)
                .filter(m -> m.getParameterTypes()[2] == ThrowingConsumer.class)
                // 5.14+ has both: prefer org.junit.jupiter.api.MediaType over the deprecated one
                .min(Comparator.comparing(m -> m.getParameterTypes()[1].getName().contains(".extension.")));
    }
}
