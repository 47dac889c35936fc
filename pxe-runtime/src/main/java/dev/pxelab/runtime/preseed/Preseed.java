package dev.pxelab.runtime.preseed;

import java.util.List;
import java.util.Optional;

/**
 * A preseed file's answers in file order, as d-i's {@code debconf-set-selections} reads them: one
 * answer per logical line ({@code owner question type [value]}), a trailing backslash continuing a
 * line, blank lines and lines starting with {@code #} skipped. A question answered twice keeps the
 * later answer.
 */
public record Preseed(List<PreseedAnswer> answers) {

    public Preseed {
        answers = List.copyOf(answers);
    }

    /** The value d-i ends up with for a question, whoever owns it. */
    public Optional<String> value(String question) {
        Optional<String> value = Optional.empty();
        for (PreseedAnswer answer : answers) {
            if (answer.question().equals(question)) {
                value = Optional.of(answer.value());
            }
        }
        return value;
    }
}
