package dev.pxelab.runtime.ssh;

/**
 * How a command on a target ended.
 *
 * @param exitStatus the command's exit status; -1 when it did not end within its timeout
 */
public record CommandResult(String command, int exitStatus, String stdout, String stderr) {

    public boolean succeeded() {
        return exitStatus == 0;
    }

    public boolean timedOut() {
        return exitStatus == -1;
    }

    @Override
    public String toString() {
        return "'" + command + "' exited " + exitStatus
                + (stdout.isEmpty() ? "" : "\nstdout: " + stdout.strip())
                + (stderr.isEmpty() ? "" : "\nstderr: " + stderr.strip());
    }
}
