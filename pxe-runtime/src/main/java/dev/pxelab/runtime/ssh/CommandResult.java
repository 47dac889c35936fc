package dev.pxelab.runtime.ssh;

/**
 * How a command on a target ended.
 *
 * @param exitStatus the command's exit status as the target reported it; -1 when none arrived
 * @param timedOut   whether it was stopped because it ran past its timeout
 * @param target     where it ran, for messages: e.g. {@code 52:54:00:00:00:11 (web-1)}; null when unknown
 */
public record CommandResult(String command, int exitStatus, String stdout, String stderr, boolean timedOut,
                            String target) {

    /** A command whose target is not known. */
    public CommandResult(String command, int exitStatus, String stdout, String stderr, boolean timedOut) {
        this(command, exitStatus, stdout, stderr, timedOut, null);
    }

    /** A command that ended by itself, on an unknown target. */
    public CommandResult(String command, int exitStatus, String stdout, String stderr) {
        this(command, exitStatus, stdout, stderr, false);
    }

    /** The same result, saying it ran on {@code target}. */
    public CommandResult on(String target) {
        return new CommandResult(command, exitStatus, stdout, stderr, timedOut, target);
    }

    public boolean succeeded() {
        return exitStatus == 0 && !timedOut;
    }

    @Override
    public String toString() {
        return "'" + command + "'" + (target == null ? "" : " on " + target) + " "
                + (timedOut ? "did not end within its timeout" : "exited " + exitStatus)
                + (stdout.isEmpty() ? "" : "\nstdout: " + stdout.strip())
                + (stderr.isEmpty() ? "" : "\nstderr: " + stderr.strip());
    }
}
