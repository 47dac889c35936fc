package dev.pxelab.runtime.autoinstall;

import java.util.List;

/**
 * The outcome of validating one file: what it is and everything wrong with it, in file order.
 *
 * @param file     the file name as the caller gave it
 * @param kind     what the file turned out to be
 * @param profile  what it was validated for
 * @param problems errors and warnings, ordered by line and column
 */
public record ValidationReport(String file, DocumentKind kind, ValidationProfile profile, List<Problem> problems) {

    public ValidationReport {
        problems = List.copyOf(problems);
    }

    /** True when there is no error; warnings do not make a file invalid. */
    public boolean isValid() {
        return errors().isEmpty();
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(problem -> !problem.isError()).toList();
    }

    /**
     * This report when the file is valid; otherwise throws, listing every problem. For callers that
     * must never hand a broken config to a booting target.
     */
    public ValidationReport requireValid() {
        if (!isValid()) {
            throw new InvalidAutoinstallException(this);
        }
        return this;
    }

    /** One line per problem, as {@link Problem#toString()} renders it. */
    public List<String> lines() {
        return problems.stream().map(Problem::toString).toList();
    }
}
