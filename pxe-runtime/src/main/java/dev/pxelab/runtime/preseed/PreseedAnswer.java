package dev.pxelab.runtime.preseed;

import java.util.Objects;

/**
 * One answer of a preseed file: {@code d-i netcfg/get_hostname string web-1}.
 *
 * @param owner    who owns the question: {@code d-i} for the installer, else a package
 * @param question the question's name, {@code netcfg/get_hostname}
 * @param type     a debconf type (string, boolean, select, ...) or the {@code seen} flag
 * @param value    everything after the type and one separating blank, possibly empty
 * @param line     1-based line where the answer starts (continuations join later lines to it)
 */
public record PreseedAnswer(String owner, String question, String type, String value, int line) {

    public PreseedAnswer {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
