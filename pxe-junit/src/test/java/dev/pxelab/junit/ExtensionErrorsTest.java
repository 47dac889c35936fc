package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.pxelab.runtime.lab.Target;
import java.lang.annotation.Retention;
import org.assertj.core.api.Condition;
import java.lang.annotation.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * What a user sees when the lab of a class is misconfigured: the class fails with one clear
 * message before anything boots, and none of its tests runs. The fixtures below are run through
 * JUnit's EngineTestKit (Surefire skips nested classes itself).
 */
class ExtensionErrorsTest {

    @PxeLab
    static class MissingUserData {
        @TargetVm(mac = "52:54:00:00:00:01", userData = "userdata/nope.yaml")
        static Target web;

        @Test
        void neverRuns() {
        }
    }

    @Test
    void aMissingResourceFailsTheClassBeforeAnythingBoots() {
        EngineExecutionResults events = run(MissingUserData.class);

        events.testEvents().assertStatistics(s -> s.started(0));
        events.containerEvents().assertThatEvents().haveExactly(1, event(container(MissingUserData.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(m -> m.startsWith(
                        "@TargetVm(mac = 52:54:00:00:00:01) on static field MissingUserData.web: userData"
                                + " 'userdata/nope.yaml' is neither a classpath resource nor a file")))));
    }

    @PxeLab
    static class DuplicateMac {
        @TargetVm(mac = "52:54:00:00:00:01", hostname = "web-1")
        static Target web;

        @Test
        void neverRuns(@TargetVm(mac = "52:54:00:00:00:01", memory = 1024) Target bigger) {
        }
    }

    @Test
    void oneMacDeclaredTwiceDifferentlyFailsTheClassNamingBothPlaces() {
        EngineExecutionResults events = run(DuplicateMac.class);

        events.testEvents().assertStatistics(s -> s.started(0));
        events.containerEvents().assertThatEvents().haveExactly(1, event(container(DuplicateMac.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "target 52:54:00:00:00:01 is declared twice with different settings: on static field"
                                + " DuplicateMac.web and on parameter 0 of DuplicateMac.neverRuns(); one MAC is one"
                                + " machine, so declare it identically or use another MAC"))));
    }

    @PxeLab
    static class MalformedMacOnParameter {
        @Test
        void neverRuns(@TargetVm(mac = "not-a-mac") Target web) {
        }
    }

    @Test
    void aMalformedMacOnAParameterFailsTheClass() {
        EngineExecutionResults events = run(MalformedMacOnParameter.class);

        events.testEvents().assertStatistics(s -> s.started(0));
        events.containerEvents().assertThatEvents().haveExactly(1, event(container(MalformedMacOnParameter.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "@TargetVm on parameter 0 of MalformedMacOnParameter.neverRuns(): 'not-a-mac' is not a MAC"
                                + " address: expected six hex pairs separated by ':' or '-', e.g. 52:54:00:12:34:56"))));
    }

    @PxeLab
    static class BrokenUserData {
        @TargetVm(mac = "52:54:00:00:00:01", userData = "userdata/broken.yaml")
        static Target web;

        @Test
        void neverRuns() {
        }
    }

    @Test
    void invalidUserDataFailsTheClassWithFileLineAndColumnOfEachProblem() {
        EngineExecutionResults events = run(BrokenUserData.class);

        events.testEvents().assertStatistics(s -> s.started(0));
        events.containerEvents().assertThatEvents().haveExactly(1, event(container(BrokenUserData.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message("""
                        lab 'BrokenUserData': user-data is not valid, nothing was booted:
                          classpath:userdata/broken.yaml, user-data of target 52:54:00:00:00:01 (@TargetVm on\
                         static field BrokenUserData.web):
                            classpath:userdata/broken.yaml:4:3: error: autoinstall.identity.password: missing\
                         (expected a crypt(3) hash)
                            classpath:userdata/broken.yaml:9:13: error: autoinstall.storage.layout.name: unknown\
                         value "zfs-please" (expected one of lvm, direct, zfs, hybrid)
                            classpath:userdata/broken.yaml:9:13: error: autoinstall.storage.layout.name:\
                         zfs-please is not supported by the pxelab test OS (expected direct or lvm) hint: remove it, or\
                         validate with profile ubuntu and test it with Ubuntu's installer"""))));
        events.containerEvents().assertThatEvents().haveExactly(1, event(container(BrokenUserData.class),
                finishedWithFailure(new Condition<>(failure -> failure.getCause() == null,
                        "no cause that repeats the message"))));
    }

    @PxeLab
    static class HostnameClash {
        @TargetVm(mac = "52:54:00:00:00:01", hostname = "db-1", userData = "userdata/web.yaml")
        static Target web;

        @Test
        void neverRuns() {
        }
    }

    @Test
    void aDeclaredHostnameThatContradictsTheTargetsOwnUserDataFailsTheClass() {
        EngineExecutionResults events = run(HostnameClash.class);

        events.testEvents().assertStatistics(s -> s.started(0));
        events.containerEvents().assertThatEvents().haveExactly(1, event(container(HostnameClash.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "target 52:54:00:00:00:01 (@TargetVm on static field HostnameClash.web) is declared with"
                                + " hostname 'db-1' but its user-data"
                                + " classpath:userdata/web.yaml sets identity.hostname 'web-1': drop one of them"))));
    }

    @PxeLab
    static class NoTargets {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void aLabWithoutTargetsIsAnError() {
        run(NoTargets.class).containerEvents().assertThatEvents().haveExactly(1, event(container(NoTargets.class),
                finishedWithFailure(message("@PxeLab on " + NoTargets.class.getName() + " declares no targets: add"
                        + " @TargetVm(mac = \"...\") to a field or parameter of type dev.pxelab.runtime.lab.Target"))));
    }

    /** A team's own lab annotation: @PxeLab as a meta-annotation carries its settings along. */
    @Retention(RetentionPolicy.RUNTIME)
    @PxeLab(userData = "userdata/team-default-that-is-missing.yaml")
    @interface TeamLab {
    }

    @TeamLab
    static class WithTeamLab {
        @TargetVm(mac = "52:54:00:00:00:01")
        static Target web;

        @Test
        void neverRuns() {
        }
    }

    @Test
    void pxeLabWorksAsAMetaAnnotationWithItsSettings() {
        run(WithTeamLab.class).containerEvents().assertThatEvents().haveExactly(1, event(container(WithTeamLab.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(m -> m.startsWith(
                        "@PxeLab on " + WithTeamLab.class.getName() + ": userData"
                                + " 'userdata/team-default-that-is-missing.yaml' is neither a classpath resource")))));
    }

    @org.junit.jupiter.api.extension.ExtendWith(PxeLabExtension.class)
    static class ExtensionWithoutAnnotation {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void theExtensionAloneSaysToUseTheAnnotation() {
        run(ExtensionWithoutAnnotation.class).containerEvents().assertThatEvents().haveExactly(1,
                event(container(ExtensionWithoutAnnotation.class), finishedWithFailure(message(
                        "PxeLabExtension is registered on " + ExtensionWithoutAnnotation.class.getName()
                                + ", which has no @PxeLab (directly or"
                                + " on an enclosing class): use @PxeLab, or register a lab built in code with"
                                + " @RegisterExtension static PxeLabExtension lab = PxeLabExtension.of(...)"))));
    }

    @Test
    void theFailureIsReportedOnceEvenWhenSeveralTestsWouldNeedTheLab() {
        EngineExecutionResults events = run(DuplicateMac.class);
        assertThat(events.containerEvents().failed().count()).isEqualTo(1);
    }

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }
}
