package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.pxelab.runtime.boot.GenericInstaller;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.ReadinessChecks;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.provision.HostState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A lab built in Java and only marked, as Testcontainers does with its containers: the class
 * registers {@code PxeLabExtension.of(...)} instead of carrying {@code @PxeLab}, its
 * {@code @TargetVm}s name the definition's targets by MAC alone, and {@code lab()} hands over the
 * running lab. The machines are scripted stand-ins (no QEMU).
 */
class RegisteredLabTest {

    static class WebTier {
        @RegisterExtension
        static PxeLabExtension lab = PxeLabExtension.of(Lab.builder().name("RegisteredLabTest")
                .machines(new ScriptedMachines())
                .installer(new GenericInstaller(new BootProfile("scripted", "scripted/vmlinuz", List.of(), ""), null))
                .withoutBuiltInReadiness().readiness(ReadinessChecks.installFinished())
                .router("192.168.105.254")
                .target(TargetDefinition.builder("52:54:00:5e:02:01").hostname("web-1").build()));

        @TargetVm(mac = "52:54:00:5e:02:01")
        static Target web;

        @Test
        void theRegisteredLabsTargetIsInjectedByItsMacAlone(@TargetVm(mac = "52:54:00:5e:02:01") Target again) {
            assertThat(web.hostname()).isEqualTo("web-1");
            assertThat(again).isSameAs(web);
            assertThat(web.state()).isEqualTo(HostState.INSTALLED);
            assertThat(lab.lab().definition().clientNetwork().router()).isPresent();
        }
    }

    @PxeLab
    static class BothAnnotatedAndRegistered {
        @RegisterExtension
        static PxeLabExtension lab = PxeLabExtension.of(Lab.builder()
                .target(TargetDefinition.builder("52:54:00:5e:02:02").build()));

        @TargetVm(mac = "52:54:00:5e:02:02")
        static Target web;

        @Test
        void neverRuns() {
        }
    }

    @Test
    void aLabBuiltInJavaIsMarkedWithRegisterExtension() {
        EngineExecutionResults results = run(WebTier.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void oneClassHasOneLabAndNeitherStartsWhenItHasTwo() throws Exception {
        Path workDir = Path.of("target", "pxelab", BothAnnotatedAndRegistered.class.getName());
        deleteRecursively(workDir);

        EngineExecutionResults results = run(BothAnnotatedAndRegistered.class);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(BothAnnotatedAndRegistered.class),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(m -> m.contains(
                        "has both @PxeLab and a lab registered with PxeLabExtension.of(...)")))));
        assertThat(workDir).as("no machine was started").doesNotExist();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }
}
