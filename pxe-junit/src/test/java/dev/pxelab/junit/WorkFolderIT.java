package dev.pxelab.junit;

import static dev.pxelab.junit.PxeAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.pxelab.runtime.lab.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What a lab leaves behind. After a class whose tests all passed, nothing: the work folder is
 * gone, and the timeline is attached to the report. After a failure, everything needed to see
 * why: the console, the events and the network log stay in the work folder and are attached to
 * the report too. Each fixture boots one real machine.
 */
class WorkFolderIT {

    static final Path PASSING_DIR = Path.of("target", "pxelab", "WorkFolderIT-passing");
    static final Path FAILING_DIR = Path.of("target", "pxelab", "WorkFolderIT-failing");

    @PxeLab(workDir = "target/pxelab/WorkFolderIT-passing")
    static class Passing {
        @TargetVm(mac = "52:54:00:0c:00:01")
        static Target web;

        @Test
        void answersSsh() {
            assertThat(web.ssh().run("true")).succeeded();
        }
    }

    @PxeLab(workDir = "target/pxelab/WorkFolderIT-failing")
    static class Failing {
        @TargetVm(mac = "52:54:00:0c:00:02")
        static Target web;

        @Test
        void expectsAnotherHostname() {
            assertThat(web).hasHostname("not-its-name");
        }
    }

    @Test
    void aPassingClassLeavesNoWorkFolderAndAttachesItsTimeline() {
        EngineExecutionResults results = run(Passing.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(PASSING_DIR).doesNotExist();
        assertThat(publishedFiles(results)).containsExactly("timeline.html");
    }

    @Test
    void aFailingClassKeepsAndAttachesConsoleEventsAndNetworkLog() {
        EngineExecutionResults results = run(Failing.class);

        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(FAILING_DIR.resolve("5254000c0002.log")).content().contains("Linux version");
        assertThat(FAILING_DIR.resolve("5254000c0002-events.log")).content().contains("subiquity/Install");
        assertThat(FAILING_DIR.resolve("5254000c0002-network.log")).content().contains("DHCP");
        assertThat(publishedFiles(results)).containsExactlyInAnyOrder("timeline.html", "5254000c0002-console.log",
                "5254000c0002-events.log", "5254000c0002-network.log");
    }

    private static List<String> publishedFiles(EngineExecutionResults results) {
        return results.allEvents().fileEntryPublished().stream()
                .map(e -> e.getRequiredPayload(FileEntry.class).getPath().getFileName().toString()).toList();
    }

    @TempDir
    static Path reports;

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .outputDirectoryCreator(new ReportFolder(reports)).execute();
    }

    /** Where publishFile puts attachments; Surefire configures one, EngineTestKit has none by default. */
    private record ReportFolder(Path root) implements OutputDirectoryCreator {
        @Override
        public Path getRootDirectory() {
            return root;
        }

        @Override
        public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
            return Files.createDirectories(root.resolve(Integer.toHexString(descriptor.getUniqueId().hashCode())));
        }
    }
}
