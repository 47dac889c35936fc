package dev.pxelab.runtime.autoinstall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one file, each located at the YAML node it is about. */
final class Findings {

    private static final Comparator<Problem> IN_FILE_ORDER = Comparator
            .comparingInt(Problem::line).thenComparingInt(Problem::column).thenComparing(Problem::keyPath);

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    Findings(String file) {
        this.file = file;
    }

    void error(Node at, String keyPath, String message, String expected, String hint) {
        add(Severity.ERROR, at, keyPath, message, expected, hint);
    }

    void warning(Node at, String keyPath, String message, String expected, String hint) {
        add(Severity.WARNING, at, keyPath, message, expected, hint);
    }

    void add(Severity severity, Node at, String keyPath, String message, String expected, String hint) {
        Mark mark = at == null ? null : at.getStartMark();
        add(severity, mark, keyPath, message, expected, hint);
    }

    void add(Severity severity, Mark mark, String keyPath, String message, String expected, String hint) {
        int line = mark == null ? 0 : mark.getLine() + 1;
        int column = mark == null ? 0 : mark.getColumn() + 1;
        problems.add(new Problem(severity, file, line, column, keyPath, message, expected, hint));
    }

    List<Problem> sorted() {
        return problems.stream().sorted(IN_FILE_ORDER).toList();
    }
}
