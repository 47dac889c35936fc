package dev.pxelab.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.lab.TargetNotReadyException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What a test sees when a machine never becomes ready without the installer saying why: it stops,
 * or it takes longer than its stage may. The message names the machine, the stage it reached and
 * what was expected, and ends with the machine's last console lines.
 */
class StuckMachinesIT {

    static final String SLOW = """
            #cloud-config
            autoinstall:
              version: 1
              identity:
                hostname: slow
                username: ops
                password: "$6$samplesalt16$TvijawociBaqmmmWhu4.Xe7mwf1RTD.msZhizSxqpRPyTBy3K7dvixFkEABr0KWMuydX9K0.tLwNoKH3A.9G6."
              early-commands: ['echo pxelab-sample: taking my time; sleep 600']
            """;

    @Test
    void aMachineThatStopsFailsTheWaitAtOnceWithTheStageItReached() {
        try (Lab lab = Lab.builder().name("StuckMachinesIT-stops")
                .target(TargetDefinition.builder("52:54:00:0f:00:01").build()).start()) {
            Target target = lab.target("52:54:00:0f:00:01");
            target.machine().close(); // as if QEMU had crashed

            Instant start = Instant.now();
            TargetNotReadyException e = catchThrowableOfType(TargetNotReadyException.class, target::awaitReady);

            assertThat(Duration.between(start, Instant.now())).as("no waiting for a timeout").isLessThan(Duration.ofSeconds(30));
            assertThat(e.getMessage()).startsWith("52:54:00:0f:00:01 (5254000f0001): the machine stopped while the target was")
                    .contains(target.machine().whereToLook(), "console lines of " + target.consoleLog());
        }
    }

    @Test
    void aStageThatTakesTooLongFailsNamingTheStageAndShowingTheConsole() {
        try (Lab lab = Lab.builder().name("StuckMachinesIT-slow").installTimeout(Duration.ofSeconds(25))
                .target(TargetDefinition.builder("52:54:00:0f:00:02").userData(Document.inline("slow.yaml", SLOW)).build())
                .start()) {
            TargetNotReadyException e = catchThrowableOfType(TargetNotReadyException.class, lab::awaitReady);

            assertThat(e.getMessage())
                    .startsWith("52:54:00:0f:00:02 (5254000f0002) reached INSTALLING, expected a finished install"
                            + " (installer finish event with SUCCESS) within 25 s; last events: [")
                    .contains("installer start subiquity/Early/run: running early-commands",
                            "--- last ", "pxelab-sample: taking my time")
                    .doesNotContain("POST /52:54:00:0f:00:02/events");
        }
    }
}
