package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.lab.Target;
import org.junit.jupiter.api.Test;

/**
 * A MAC the lab has no user-data for installs the lab's generic user-data: the NoCloud lookup
 * falls back from {@code /<mac>/user-data} to the generic file.
 */
@PxeLab(userData = "autoinstall/generic.yaml")
class GenericFallbackTest {

    @Test
    void aMacWithoutUserDataOfItsOwnInstallsTheGenericOne(@TargetVm(mac = "00:16:3e:77:88:99") Target anyHost) {
        assertThat(anyHost)
                .hasHostname("generic-host")
                .hasFile("/etc/pxelab-installed-by").withContent("generic user-data");
    }
}
