package dev.pxelab.runtime.autoinstall;

import java.util.Objects;

/**
 * One thing wrong with a file, located precisely enough for an editor or a CI log to jump to it.
 *
 * @param severity whether the file is invalid because of it
 * @param file     the file name as the caller gave it
 * @param line     1-based line, 0 when the problem concerns the whole file
 * @param column   1-based column, 0 when the problem concerns the whole file
 * @param keyPath  where in the document, e.g. {@code autoinstall.identity.password} or
 *                 {@code autoinstall.late-commands[2]}; empty for the document itself
 * @param message  what is wrong
 * @param expected what would have been right, or {@code null}
 * @param hint     how to fix it, or {@code null}
 */
public record Problem(Severity severity, String file, int line, int column, String keyPath,
                      String message, String expected, String hint) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The compiler-style line a person and a CI log read:
     * {@code web.yaml:12:5: error: autoinstall.identity.password: ... (expected ...) hint: ...}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ").append(severity.label()).append(": ");
        if (!keyPath.isEmpty()) {
            text.append(keyPath).append(": ");
        }
        text.append(message);
        if (expected != null) {
            text.append(" (expected ").append(expected).append(')');
        }
        if (hint != null) {
            text.append(" hint: ").append(hint);
        }
        return text.toString();
    }
}
