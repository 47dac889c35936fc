package dev.pxelab.runtime.autoinstall;

/** Thrown by {@link ValidationReport#requireValid()}: the message lists every problem, one per line. */
public final class InvalidAutoinstallException extends IllegalArgumentException {

    private final transient ValidationReport report;

    InvalidAutoinstallException(ValidationReport report) {
        super(report.file() + " is not valid autoinstall user-data (" + report.errors().size()
                + (report.errors().size() == 1 ? " error" : " errors") + ", profile " + report.profile().optionName() + "):\n"
                + String.join("\n", report.lines()));
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
