package dev.pxelab.runtime.ssh;

/**
 * How a command on a target ended.
 *
 * @param exitStatus the command's exit status as the target reported it; -1 when none arrived
 * @param timedOut   whether it was stopped because it ran past its timeout
 */
public record CommandResult(String command, int exitStatus, String stdout, String stderr, boolean timedOut) {

    /** A command that ended by itself. */
    public CommandResult(String command, int exitStatus, String stdout, String stderr) {
        this(command, exitStatus, stdout, stderr, false);
    }

    public boolean succeeded() {
        return exitStatus == 0 && !timedOut;
    }

    @Override
    public String toString() {
        return "'" + command + "' " + (timedOut ? "did not end within its timeout" : "exited " + exitStatus)
                + (stdout.isEmpty() ? "" : "\nstdout: " + stdout.strip())
                + (stderr.isEmpty() ? "" : "\nstderr: " + stderr.strip());
    }
}
