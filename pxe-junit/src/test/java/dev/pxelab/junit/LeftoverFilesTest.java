package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.pxelab.junit.CustomReadinessTest.InstallReported;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.boot.GenericInstaller;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.LabDefinition;
import dev.pxelab.runtime.lab.ReadinessCheck;
import dev.pxelab.runtime.lab.ReadinessChecks;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.lab.TargetNotReadyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What a lab leaves in its work folder, for each way a run can end: nothing after success (JUnit
 * and the plain Java API alike, classes in parallel too), everything the diagnosis needs after a
 * failure, and nothing of a failed run once the next one passes. Scripted stand-in machines (no
 * QEMU) write a console and a folder per machine, as QEMU machines do.
 */
class LeftoverFilesTest {

    private static final Path PXELAB = Path.of("target", "pxelab");
    private static final Path SHARED = PXELAB.resolve("leftover-files-shared");

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", builtInReadiness = false,
            readiness = InstallReported.class)
    static class Passing {
        @TargetVm(mac = "52:54:00:5e:02:01", hostname = "passing-1")
        static Target scripted;

        @Test
        void passes() {
        }
    }

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", builtInReadiness = false,
            readiness = InstallReported.class)
    static class Failing {
        @TargetVm(mac = "52:54:00:5e:02:02", hostname = "failing-1")
        static Target scripted;

        @Test
        void fails() {
            throw new AssertionError("expected to fail");
        }
    }

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", builtInReadiness = false,
            readiness = InstallReported.class)
    static class ParallelA {
        @TargetVm(mac = "52:54:00:5e:02:03", hostname = "same-name")
        static Target scripted;

        @Test
        void passes() {
        }
    }

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", builtInReadiness = false,
            readiness = InstallReported.class)
    static class ParallelB {
        @TargetVm(mac = "52:54:00:5e:02:03", hostname = "same-name")
        static Target scripted;

        @Test
        void passes() {
        }
    }

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", builtInReadiness = false,
            readiness = InstallReported.class, workDir = "target/pxelab/leftover-files-shared")
    static class FailsFirst {
        @TargetVm(mac = "52:54:00:5e:02:04", hostname = "again-1")
        static Target scripted;

        @Test
        void fails() {
            throw new AssertionError("expected to fail");
        }
    }

    @PxeLab(machines = ScriptedMachines.class, kernel = "scripted/vmlinuz", builtInReadiness = false,
            readiness = InstallReported.class, workDir = "target/pxelab/leftover-files-shared")
    static class PassesNext {
        @TargetVm(mac = "52:54:00:5e:02:04", hostname = "again-1")
        static Target scripted;

        @Test
        void passes() {
        }
    }

    @BeforeEach
    void startAfresh() throws IOException {
        for (Class<?> fixture : List.of(Passing.class, Failing.class, ParallelA.class, ParallelB.class)) {
            deleteTree(workFolder(fixture));
        }
        deleteTree(SHARED);
        deleteTree(PXELAB.resolve("leftover-plain"));
    }

    @Test
    void aPassingClassLeavesNoWorkFolder() {
        run(Passing.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(workFolder(Passing.class)).doesNotExist();
    }

    @Test
    void aFailingClassKeepsConsoleMachineFolderAndDiagnostics() {
        run(Failing.class).testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(workFolder(Failing.class)).isDirectoryContaining("glob:**/failing-1.log")
                .isDirectoryContaining("glob:**/failing-1")
                .isDirectoryContaining("glob:**/failing-1-events.log")
                .isDirectoryContaining("glob:**/timeline.html");
    }

    @Test
    void classesPassingInParallelLeaveNoWorkFolders() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(ParallelA.class), selectClass(ParallelB.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.succeeded(2));
        assertThat(workFolder(ParallelA.class)).doesNotExist();
        assertThat(workFolder(ParallelB.class)).doesNotExist();
    }

    @Test
    void aPassingRunRemovesWhatAFailedRunOfTheSameLabKept() {
        run(FailsFirst.class).testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(SHARED).isDirectoryContaining("glob:**/again-1-events.log");

        run(PassesNext.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(SHARED).doesNotExist();
    }

    @Test
    void thePlainJavaApiRemovesTheMachinesFilesWhenEveryTargetBecameReady() {
        Lab lab = plainLab(ReadinessChecks.installFinished()).start();
        try (lab) {
            lab.awaitReady();
            assertThat(lab.workDir()).isDirectoryContaining("glob:**/plain-1.log");
        }

        assertThat(lab.workDir()).doesNotExist();
    }

    @Test
    void thePlainJavaApiKeepsTheFilesOfALabWhoseTargetDidNotBecomeReady() {
        ReadinessCheck never = ReadinessChecks.withTimeout(
                ReadinessCheck.of("the console to say hello", t -> t.console().contains("hello")), Duration.ofSeconds(1));
        Lab lab = plainLab(never).start();
        try (lab) {
            assertThatThrownBy(lab::awaitReady).isInstanceOf(TargetNotReadyException.class);
        }

        assertThat(lab.workDir()).isDirectoryContaining("glob:**/plain-1.log").isDirectoryContaining("glob:**/plain-1");
    }

    @Test
    void thePlainJavaApiKeepsTheFilesWhenAskedTo() {
        Lab lab = plainLab(ReadinessChecks.installFinished()).start();
        try (lab) {
            lab.awaitReady();
            lab.keepFiles(); // e.g. an assertion on the lab failed
        }

        assertThat(lab.workDir()).isDirectoryContaining("glob:**/plain-1.log");
    }

    private static LabDefinition.Builder plainLab(ReadinessCheck check) {
        return Lab.builder().name("leftover-plain").workDir(PXELAB.resolve("leftover-plain"))
                .machines(new ScriptedMachines())
                .installer(new GenericInstaller(new BootProfile("scripted", "scripted/vmlinuz", List.of(), ""), null))
                .withoutBuiltInReadiness().readiness(check)
                .target(TargetDefinition.builder("52:54:00:5e:02:05").hostname("plain-1").build());
    }

    private static Path workFolder(Class<?> fixture) {
        return PXELAB.resolve(fixture.getName());
    }

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
