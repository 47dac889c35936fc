package dev.pxelab.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.lab.TargetNotReadyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Ready means ready: on a system with cloud-init, a target is ready once cloud-init finished, and a
 * failing {@code runcmd} fails the target — with cloud-init's own account and its output log —
 * instead of letting tests start on a half-configured machine. Needs the {@code debian} flavour
 * ({@code -Ppxelab-debian}); skipped without its image.
 */
@EnabledIf("dev.pxelab.samples.DebianFlavourIT#debianImageBuilt")
class CloudInitFailureIT {

    private static final String FAILING_RUNCMD = """
            #cloud-config
            autoinstall:
              version: 1
              identity:
                hostname: broken-runcmd
                username: ops
                password: "$6$samplesalt16$TvijawociBaqmmmWhu4.Xe7mwf1RTD.msZhizSxqpRPyTBy3K7dvixFkEABr0KWMuydX9K0.tLwNoKH3A.9G6."
              ssh:
                install-server: true
              user-data:
                runcmd:
                  - [sh, -c, 'echo pxelab-sample: runcmd is about to fail; exit 3']
            """;

    @Test
    void aFailingRuncmdFailsTheTargetWithCloudInitsAccount() {
        try (Lab lab = Lab.builder().name("CloudInitFailureIT").testOs(TestOs.DEBIAN)
                .target(TargetDefinition.builder("52:54:00:0d:00:02").diskSize("2G")
                        .userData(Document.inline("failing-runcmd.yaml", FAILING_RUNCMD)).build())
                .start()) {

            TargetNotReadyException e = catchThrowableOfType(TargetNotReadyException.class, lab::awaitReady);

            assertThat(e.getMessage())
                    .startsWith("52:54:00:0d:00:02 (5254000d0002) reached BOOTED, cloud-init to finish on the"
                            + " installed system failed: cloud-init reported an error:")
                    .contains("status: error", "pxelab-sample: runcmd is about to fail");
        }
    }
}
