package dev.pxelab.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.lab.TargetNotReadyException;
import dev.pxelab.runtime.provision.HostState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When an install fails, the test hears it from the installer within seconds — its FAIL event
 * names the cause — instead of waiting for a timeout, or for the lab's other machines. Validation is skipped here on purpose, so
 * that the broken files reach the installer; normally {@code @PxeLab} rejects them before boot.
 */
class FailingInstallsIT {

    static final String COMMON = """
            #cloud-config
            autoinstall:
              version: 1
              identity:
                hostname: broken
                username: ops
                password: "$6$samplesalt16$TvijawociBaqmmmWhu4.Xe7mwf1RTD.msZhizSxqpRPyTBy3K7dvixFkEABr0KWMuydX9K0.tLwNoKH3A.9G6."
            """;

    /** A machine whose install takes ten minutes: nobody should wait for it to hear of the others' failures. */
    static final String STILL_INSTALLING = "52:54:00:0b:00:04";

    static Lab lab;

    @BeforeAll
    static void bootThreeMachinesWithBrokenUserData() {
        // The tiny test OS, named: left to choose, pxelab would give `packages` the debian one.
        lab = Lab.builder().name("FailingInstallsIT").skipValidation().testOs(TestOs.TINY)
                .installTimeout(Duration.ofMinutes(5))
                .target(TargetDefinition.builder("52:54:00:0b:00:01")
                        .userData(Document.inline("bad-yaml.yaml", COMMON + "  ssh: [unclosed\n")).build())
                .target(TargetDefinition.builder("52:54:00:0b:00:02")
                        .userData(Document.inline("unsupported.yaml", COMMON + "  packages: [vim]\n")).build())
                .target(TargetDefinition.builder("52:54:00:0b:00:03")
                        .userData(Document.inline("late.yaml", COMMON + "  late-commands: ['exit 3']\n"
                                + "  error-commands: ['echo pxelab-sample: error-commands ran after $TARGET_MOUNT_POINT failed']\n"))
                        .build())
                .target(TargetDefinition.builder(STILL_INSTALLING)
                        .userData(Document.inline("slow.yaml", COMMON + "  early-commands: ['sleep 600']\n")).build())
                .start();
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    @Test
    void brokenYamlFailsWithTheParsersMessage() {
        assertThat(failure("52:54:00:0b:00:01")).contains("the installer reported FAIL", "user-data is not valid YAML");
    }

    @Test
    void anUnsupportedKeyFailsNamingTheKey() {
        assertThat(failure("52:54:00:0b:00:02")).contains("unsupported autoinstall key 'packages'");
    }

    @Test
    void aFailingLateCommandFailsWithItsExitStatusAfterTheErrorCommandsRan() {
        assertThat(failure("52:54:00:0b:00:03")).contains("late-commands[0] failed with exit status 3: exit 3");
        Target target = lab.target("52:54:00:0b:00:03");
        // printed just before the FAIL event was sent, but the serial line drains after the network
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(target.console()).contains("pxelab-sample: error-commands ran after /target failed"));
        assertThat(target.events()).extracting(e -> e.summary())
                .anyMatch(summary -> summary.startsWith("installer finish subiquity/Error/run SUCCESS"));
    }

    @Test
    void theLabsWaitEndsAtTheFirstFailureNotWhenTheSlowestMachineIsDone() {
        TargetNotReadyException e = catchThrowableOfType(TargetNotReadyException.class, lab::awaitReady);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("did not become ready", "not waited for").doesNotContain(STILL_INSTALLING);
        assertThat(lab.target(STILL_INSTALLING).state()).isIn(HostState.WAITING, HostState.DHCP, HostState.BOOTING,
                HostState.INSTALLING);
    }

    private static String failure(String mac) {
        Target target = lab.target(mac);
        Instant start = Instant.now();
        TargetNotReadyException e = catchThrowableOfType(TargetNotReadyException.class, target::awaitReady);
        assertThat(e).as("awaitReady of %s", mac).isNotNull();
        System.out.printf("%s: failure seen %.1f s after awaitReady began: %s%n", mac,
                Duration.between(start, Instant.now()).toMillis() / 1000.0, e.getMessage().lines().findFirst().orElse(""));
        return e.getMessage();
    }
}
