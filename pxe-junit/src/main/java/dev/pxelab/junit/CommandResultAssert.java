package dev.pxelab.junit;

import dev.pxelab.runtime.ssh.CommandResult;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on how a command on a target ended. {@link #hasStdout(String)} ignores leading and
 * trailing whitespace, since almost every command ends its output with a newline.
 */
public class CommandResultAssert extends AbstractAssert<CommandResultAssert, CommandResult> {

    private final String where;

    CommandResultAssert(CommandResult actual, String where) {
        super(actual, CommandResultAssert.class);
        this.where = where;
    }

    public CommandResultAssert succeeded() {
        isNotNull();
        if (!actual.succeeded()) {
            fail("to succeed, but it " + ended());
        }
        return this;
    }

    public CommandResultAssert failed() {
        isNotNull();
        if (actual.succeeded()) {
            fail("to fail, but it exited 0");
        }
        return this;
    }

    /** The command ran past its timeout and was stopped. */
    public CommandResultAssert timedOut() {
        isNotNull();
        if (!actual.timedOut()) {
            fail("to run past its timeout, but it " + ended());
        }
        return this;
    }

    public CommandResultAssert hasExitStatus(int expected) {
        isNotNull();
        if (actual.exitStatus() != expected) {
            fail("to exit " + expected + ", but it " + ended());
        }
        return this;
    }

    public CommandResultAssert hasStdout(String expected) {
        isNotNull();
        if (!actual.stdout().strip().equals(expected.strip())) {
            fail("to print '" + expected.strip() + "', but it printed '" + actual.stdout().strip() + "'");
        }
        return this;
    }

    public CommandResultAssert hasStdoutContaining(String text) {
        isNotNull();
        if (!actual.stdout().contains(text)) {
            fail("to print something containing '" + text + "', but it printed '" + actual.stdout().strip() + "'");
        }
        return this;
    }

    public CommandResultAssert hasStderrContaining(String text) {
        isNotNull();
        if (!actual.stderr().contains(text)) {
            fail("to write something containing '" + text + "' to stderr, but it wrote '"
                    + actual.stderr().strip() + "'");
        }
        return this;
    }

    private String ended() {
        return actual.timedOut() ? "did not end within its timeout" : "exited " + actual.exitStatus();
    }

    private void fail(String expectation) {
        failWithMessage("%s", "Expected `" + actual.command() + "`" + on() + " " + expectation + "."
                + TargetAssert.output(actual));
    }

    /** Where it ran: as the target assertion names it, else as the result does ({@code assertThat(target.ssh().run(..))}). */
    private String on() {
        if (where != null) {
            return " on " + where;
        }
        return actual.target() == null ? "" : " on target " + actual.target();
    }
}
