package dev.pxelab.runtime.preseed;

import dev.pxelab.runtime.autoinstall.DocumentKind;
import dev.pxelab.runtime.autoinstall.Problem;
import dev.pxelab.runtime.autoinstall.Severity;
import dev.pxelab.runtime.autoinstall.ValidationProfile;
import dev.pxelab.runtime.autoinstall.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a Debian installer preseed file before any machine boots with it
 * ({@code pxelab validate --profile debian-preseed}): every line d-i would not read as its author
 * meant, with file and line.
 */
public final class PreseedValidator {

    private PreseedValidator() {
    }

    public static ValidationReport validate(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return report(file.toString(), List.of(new Problem(Severity.ERROR, file.toString(), 0, 0, "",
                    "not UTF-8 text", null, "a preseed file is text, one answer per line")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return validate(file.toString(), text);
    }

    /** {@code name} is how problems refer to the file. */
    public static ValidationReport validate(String name, String text) {
        if (text.startsWith("#cloud-config")) {
            return report(name, List.of(new Problem(Severity.ERROR, name, 1, 1, "",
                    "this is a cloud-config (autoinstall user-data), not a preseed file", null,
                    "validate it with --profile ubuntu or pxelab-test-os")));
        }
        return report(name, new PreseedParser(name).parse(text).problems());
    }

    /** The answers of a preseed that {@link #validate} found valid. */
    public static Preseed parse(String name, String text) {
        return new PreseedParser(name).parse(text).preseed();
    }

    private static ValidationReport report(String name, List<Problem> problems) {
        List<Problem> ordered = problems.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column)).toList();
        return new ValidationReport(name, DocumentKind.DEBIAN_PRESEED, ValidationProfile.DEBIAN_PRESEED, ordered);
    }
}
