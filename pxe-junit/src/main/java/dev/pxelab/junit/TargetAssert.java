package dev.pxelab.junit;

import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.ssh.CommandResult;
import dev.pxelab.runtime.ssh.SshHandle;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an installed target, checked over SSH. Failure messages name the MAC and show
 * what the command printed.
 */
public class TargetAssert extends AbstractAssert<TargetAssert, Target> {

    TargetAssert(Target actual) {
        super(actual, TargetAssert.class);
    }

    /** {@code hostname} on the target prints {@code expected}. */
    public TargetAssert hasHostname(String expected) {
        isNotNull();
        CommandResult r = actual.ssh().run("hostname");
        String got = r.stdout().strip();
        if (!r.succeeded() || !got.equals(expected)) {
            fail("Expected " + who() + " to have hostname '" + expected + "', but `hostname` "
                    + (r.succeeded() ? "printed '" + got + "'" : "exited " + r.exitStatus() + output(r)));
        }
        return this;
    }

    /** A regular file exists at {@code path}; the returned assertion checks its content. */
    public RemoteFileAssert hasFile(String path) {
        isNotNull();
        CommandResult r = actual.ssh().run("cat " + quote(path));
        if (!r.succeeded()) {
            fail("Expected " + who() + " to have the file " + path + ", but it cannot be read: " + r.stderr().strip());
        }
        return new RemoteFileAssert(this, path, r.stdout());
    }

    public TargetAssert hasFileContaining(String path, String text) {
        return hasFile(path).containing(text).and();
    }

    /** Nothing exists at {@code path} (no file, folder or link). */
    public TargetAssert doesNotHaveFile(String path) {
        isNotNull();
        CommandResult r = actual.ssh().run("ls -ld " + quote(path));
        if (r.succeeded()) {
            fail("Expected " + who() + " to have no file " + path + ", but it exists: " + r.stdout().strip());
        }
        return this;
    }

    /**
     * A service named {@code name} is running. With systemd (a {@code /run/systemd/system}
     * folder) that is {@code systemctl is-active name}; without it (pxelab's tiny test OS runs
     * busybox init) a process of that name: {@code pidof name}.
     */
    public TargetAssert hasServiceRunning(String name) {
        isNotNull();
        String q = quote(name);
        // as root where the lab can log in as root: without D-Bus, systemd answers only root
        SshHandle login = actual.root().isReady(Duration.ofSeconds(3)) ? actual.root() : actual.ssh();
        CommandResult r = login.run("if [ -d /run/systemd/system ] && command -v systemctl >/dev/null;"
                + " then systemctl is-active " + q + "; else pidof " + q + "; fi");
        if (!r.succeeded()) {
            fail("Expected " + who() + " to run the service '" + name + "', but it does not"
                    + " (`systemctl is-active` where systemd runs, else `pidof`, exited " + r.exitStatus() + ")"
                    + output(r));
        }
        return this;
    }

    /** Runs {@code command} over SSH and asserts on its result; messages then name this target. */
    public CommandResultAssert run(String command) {
        isNotNull();
        return new CommandResultAssert(actual.ssh().run(command), who());
    }

    String who() {
        return "target " + actual.mac() + (actual.name().equals(actual.mac().value().replace(":", ""))
                ? "" : " (" + actual.name() + ")");
    }

    void fail(String message) {
        failWithMessage("%s", message);
    }

    static String output(CommandResult r) {
        return (r.stdout().isBlank() ? "" : "\nstdout: " + r.stdout().strip())
                + (r.stderr().isBlank() ? "" : "\nstderr: " + r.stderr().strip());
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
