package dev.pxelab.runtime.preseed;

import dev.pxelab.runtime.autoinstall.Problem;
import dev.pxelab.runtime.autoinstall.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a preseed file the way d-i's {@code debconf-set-selections} does, and says where it
 * differs from what its author meant: a line it cannot parse, a type it skips, a boolean it would
 * store as a string nobody reads. Each problem names the file and the line.
 */
final class PreseedParser {

    /** debconf's types, and {@code seen}, the one flag a preseed may set. */
    static final Set<String> TYPES = Set.of("select", "multiselect", "boolean", "string", "password", "note",
            "text", "title", "seen");
    /** {@code owner question type} and, after exactly one blank, the value (which may hold more blanks). */
    private static final Pattern ANSWER = Pattern.compile("^\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)(?:\\s(.*))?$");

    private final String file;

    PreseedParser(String file) {
        this.file = file;
    }

    record Parsed(Preseed preseed, List<Problem> problems) {
    }

    Parsed parse(String text) {
        List<PreseedAnswer> answers = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, PreseedAnswer> earlier = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            int start = i + 1;
            StringBuilder logical = new StringBuilder(lines[i]);
            while (endsWithBackslash(logical) && i + 1 < count) {
                logical.setLength(logical.length() - 1);
                logical.append(lines[++i]);
            }
            if (endsWithBackslash(logical)) {
                problems.add(problem(Severity.WARNING, start, 1, "the file ends inside a continued line",
                        "the last line ends with '\\', which continues it onto a line that is not there"));
                logical.setLength(logical.length() - 1);
            }
            String line = logical.toString();
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = ANSWER.matcher(line);
            if (!m.matches()) {
                problems.add(problem(Severity.ERROR, start, 1, "not an answer: '" + shorten(line)
                        + "' (d-i stops reading the line here)", "owner question type value, e.g."
                        + " 'd-i netcfg/get_hostname string web-1'"));
                continue;
            }
            PreseedAnswer answer = new PreseedAnswer(m.group(1), m.group(2), m.group(3),
                    m.group(4) == null ? "" : m.group(4), start);
            if (check(answer, line, problems)) {
                PreseedAnswer before = earlier.put(answer.owner() + " " + answer.question(), answer);
                if (before != null && !before.value().equals(answer.value())) {
                    problems.add(problem(Severity.WARNING, start, line.indexOf(answer.question()) + 1,
                            answer.question() + " is answered again; line " + before.line() + "'s '"
                                    + shorten(before.value()) + "' is replaced by '" + shorten(answer.value()) + "'",
                            null));
                }
                answers.add(answer);
            }
        }
        if (answers.isEmpty() && problems.stream().noneMatch(Problem::isError)) {
            problems.add(problem(Severity.WARNING, 0, 0, "no answers: d-i would ask every question", null));
        }
        return new Parsed(new Preseed(answers), problems);
    }

    /** Whether d-i would use the answer; adds what is wrong with it. */
    private boolean check(PreseedAnswer answer, String line, List<Problem> problems) {
        int typeColumn = line.indexOf(answer.type(), line.indexOf(answer.question()) + answer.question().length()) + 1;
        if (!TYPES.contains(answer.type())) {
            String hint = TYPES.contains(answer.type().toLowerCase(java.util.Locale.ROOT))
                    ? "types are lower case: '" + answer.type().toLowerCase(java.util.Locale.ROOT) + "'"
                    : "one of " + String.join(", ", TYPES.stream().sorted().toList());
            problems.add(problem(Severity.ERROR, answer.line(), typeColumn, answer.question() + ": unknown type '"
                    + answer.type() + "' (d-i skips the line)", hint));
            return false;
        }
        if ((answer.type().equals("boolean") || answer.type().equals("seen"))
                && !answer.value().equals("true") && !answer.value().equals("false")) {
            problems.add(problem(Severity.ERROR, answer.line(), typeColumn + answer.type().length() + 1,
                    answer.question() + ": " + answer.type() + " value '" + shorten(answer.value())
                            + "' is neither true nor false", "true or false, lower case, nothing after it"));
            return false;
        }
        if (!answer.question().contains("/")) {
            problems.add(problem(Severity.WARNING, answer.line(), line.indexOf(answer.question()) + 1,
                    "question '" + answer.question() + "' has no '/': debconf's questions are named"
                            + " template/name (netcfg/get_hostname), so no one will ask this one", null));
        }
        return true;
    }

    private static boolean endsWithBackslash(CharSequence line) {
        return line.length() > 0 && line.charAt(line.length() - 1) == '\\';
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private Problem problem(Severity severity, int line, int column, String message, String hint) {
        return new Problem(severity, file, line, column, "", message, null, hint);
    }
}
