package dev.pxelab.junit;

import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.ssh.CommandResult;
import org.assertj.core.api.Assertions;

/**
 * AssertJ entry points for lab targets and the commands run on them; extends AssertJ's
 * {@link Assertions}, so one static import serves both.
 *
 * <pre>{@code
 * assertThat(web).hasHostname("web-1").hasFileContaining("/etc/motd", "welcome");
 * assertThat(web.ssh().run("cat /etc/os-release")).succeeded().hasStdoutContaining("ID=");
 * assertThat(web).run("false").failed().hasExitStatus(1);
 * }</pre>
 */
public class PxeAssertions extends Assertions {

    protected PxeAssertions() {
    }

    public static TargetAssert assertThat(Target actual) {
        return new TargetAssert(actual);
    }

    public static CommandResultAssert assertThat(CommandResult actual) {
        return new CommandResultAssert(actual, null);
    }
}
