package dev.pxelab.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.pxelab.runtime.lab.ReadinessCheck;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetNotReadyException;
import dev.pxelab.runtime.provision.HostState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.assertj.core.api.Assertions;

/**
 * Readiness checks of a user's own, named on {@code @PxeLab}, run after the lab's and decide when
 * tests start; one that is not met fails the class naming the MAC and the stage. The labs below use
 * scripted stand-in machines (no QEMU), so they report an install but have no SSH.
 */
class CustomReadinessTest {

    /** Passes once the installer reported success. */
    public static final class InstallReported implements ReadinessCheck {
        @Override
        public String stage() {
            return "the install reported";
        }

        @Override
        public boolean isReady(Target target) {
            return target.state() == HostState.INSTALLED;
        }
    }

    /** Waits for a line the scripted machines never print. */
    public static final class SaysHello implements ReadinessCheck {
        @Override
        public String stage() {
            return "the console to say hello";
        }

        @Override
        public boolean isReady(Target target) {
            return target.console().contains("hello");
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(2);
        }
    }

    /** Not usable from an annotation: pxelab cannot create it. */
    public static final class NeedsAnArgument implements ReadinessCheck {
        public NeedsAnArgument(String what) {
        }

        @Override
        public String stage() {
            return "never";
        }

        @Override
        public boolean isReady(Target target) {
            return true;
        }
    }

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", builtInReadiness = false, readiness = InstallReported.class)
    static class ReadyWhenInstalled {
        @TargetVm(mac = "52:54:00:5e:01:01")
        static Target scripted;

        @Test
        void runsOnceTheChecksPassed() {
            Assertions.assertThat(scripted.state()).isEqualTo(HostState.INSTALLED);
        }
    }

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", builtInReadiness = false,
            readiness = {InstallReported.class, SaysHello.class})
    static class NeverSaysHello {
        @TargetVm(mac = "52:54:00:5e:01:02")
        static Target scripted;

        @Test
        void neverRuns() {
        }
    }

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", readiness = NeedsAnArgument.class)
    static class UncreatableCheck {
        @TargetVm(mac = "52:54:00:5e:01:03")
        static Target scripted;

        @Test
        void neverRuns() {
        }
    }

    @Test
    void testsRunOnceEveryCheckNamedOnTheAnnotationPassed() {
        EngineExecutionResults results = run(ReadyWhenInstalled.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(finishedSuccessfully()));
    }

    @Test
    void aCheckThatIsNotMetFailsTheClassWithTheMacAndTheStage() {
        EngineExecutionResults results = run(NeverSaysHello.class);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(NeverSaysHello.class),
                finishedWithFailure(instanceOf(TargetNotReadyException.class), message(m -> m.startsWith(
                        "52:54:00:5e:01:02 (5254005e0102) reached INSTALLED, expected the console to say hello"
                                + " within 2 s; last events: [")))));
        results.testEvents().assertThatEvents().isEmpty();
    }

    @Test
    void aCheckPxelabCannotCreateIsAConfigurationError() {
        EngineExecutionResults results = run(UncreatableCheck.class);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(UncreatableCheck.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "@PxeLab on " + UncreatableCheck.class.getName() + ": readiness check "
                                + NeedsAnArgument.class.getName() + " needs a no-argument constructor"))));
    }

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }
}
