package dev.pxelab.runtime.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.pxelab.runtime.autoinstall.AutoinstallValidator;
import dev.pxelab.runtime.autoinstall.Problem;
import dev.pxelab.runtime.autoinstall.ValidationProfile;
import dev.pxelab.runtime.autoinstall.ValidationReport;
import dev.pxelab.runtime.preseed.PreseedValidator;

/**
 * {@code pxelab validate [--profile ubuntu|pxelab-test-os|pxelab-test-os-debian|debian-preseed] [--format text|json] FILE...}: checks
 * autoinstall / cloud-config files. Exit status 0 when no file has an error, 1 when any has, 2 for
 * a wrong command line or an unreadable file.
 */
final class ValidateCommand implements Command {

    private static final int INVALID = 1;

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String synopsis() {
        return "validate [--profile ubuntu|pxelab-test-os|pxelab-test-os-debian|debian-preseed] [--format text|json] FILE...   check autoinstall user-data or a d-i preseed";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        ValidationProfile profile = ValidationProfile.UBUNTU;
        boolean json = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (option.equals("--profile") || option.equals("--format")) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.size() ? args.get(++i) : null);
                if (value == null) {
                    return usage(err, option + " needs a value");
                }
                if (option.equals("--format")) {
                    if (!value.equals("text") && !value.equals("json")) {
                        return usage(err, "unknown format '" + value + "': expected text or json");
                    }
                    json = value.equals("json");
                } else {
                    try {
                        profile = ValidationProfile.fromOptionName(value);
                    } catch (IllegalArgumentException e) {
                        return usage(err, e.getMessage());
                    }
                }
            } else if (arg.equals("-h") || arg.equals("--help")) {
                out.println("usage: pxelab " + synopsis());
                return 0;
            } else if (arg.startsWith("-") && !arg.equals("-")) {
                return usage(err, "unknown option '" + arg + "'");
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            return usage(err, "no FILE given");
        }

        Function<Path, ValidationReport> validator = profile == ValidationProfile.DEBIAN_PRESEED
                ? PreseedValidator::validate : AutoinstallValidator.forProfile(profile)::validate;
        List<ValidationReport> reports = new ArrayList<>();
        boolean unreadable = false;
        for (Path file : files) {
            try {
                reports.add(validator.apply(file));
            } catch (UncheckedIOException e) {
                err.println("pxelab validate: " + e.getMessage());
                unreadable = true;
            }
        }
        if (json) {
            out.println(JsonReport.render(reports));
        } else {
            printText(reports, out);
        }
        if (unreadable) {
            return USAGE;
        }
        return reports.stream().allMatch(ValidationReport::isValid) ? 0 : INVALID;
    }

    private static void printText(List<ValidationReport> reports, PrintStream out) {
        long errors = 0;
        long warnings = 0;
        for (ValidationReport report : reports) {
            report.problems().forEach(out::println);
            if (report.problems().isEmpty()) {
                out.println(report.file() + ": ok");
            }
            errors += report.errors().size();
            warnings += report.warnings().size();
        }
        out.println(reports.size() + (reports.size() == 1 ? " file, " : " files, ")
                + errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings"));
    }

    private int usage(PrintStream err, String message) {
        err.println("pxelab validate: " + message);
        err.println("usage: pxelab " + synopsis());
        return USAGE;
    }

    /** The machine-readable form; small enough that a JSON library would be the bigger dependency. */
    static final class JsonReport {

        private JsonReport() {
        }

        static String render(List<ValidationReport> reports) {
            StringBuilder json = new StringBuilder("{\"valid\":").append(reports.stream().allMatch(ValidationReport::isValid))
                    .append(",\"files\":[");
            for (int r = 0; r < reports.size(); r++) {
                ValidationReport report = reports.get(r);
                json.append(r == 0 ? "" : ",").append("{\"file\":").append(string(report.file()))
                        .append(",\"kind\":").append(string(report.kind().name()))
                        .append(",\"profile\":").append(string(report.profile().optionName()))
                        .append(",\"valid\":").append(report.isValid())
                        .append(",\"problems\":[");
                for (int p = 0; p < report.problems().size(); p++) {
                    Problem problem = report.problems().get(p);
                    json.append(p == 0 ? "" : ",")
                            .append("{\"severity\":").append(string(problem.severity().label()))
                            .append(",\"line\":").append(problem.line())
                            .append(",\"column\":").append(problem.column())
                            .append(",\"keyPath\":").append(string(problem.keyPath()))
                            .append(",\"message\":").append(string(problem.message()))
                            .append(",\"expected\":").append(string(problem.expected()))
                            .append(",\"hint\":").append(string(problem.hint()))
                            .append('}');
                }
                json.append("]}");
            }
            return json.append("]}").toString();
        }

        static String string(String text) {
            if (text == null) {
                return "null";
            }
            StringBuilder quoted = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> quoted.append("\\\"");
                    case '\\' -> quoted.append("\\\\");
                    case '\n' -> quoted.append("\\n");
                    case '\r' -> quoted.append("\\r");
                    case '\t' -> quoted.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            quoted.append(String.format("\\u%04x", (int) c));
                        } else {
                            quoted.append(c);
                        }
                    }
                }
            }
            return quoted.append('"').toString();
        }
    }
}
