package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.lab.Target;
import org.junit.jupiter.api.Test;

/**
 * A MAC the lab has no user-data for installs the lab's generic user-data: the NoCloud lookup
 * falls back from {@code /<mac>/user-data} to the generic file. A hostname declared on the target
 * names the machine that installs it, so one generic file serves many differently named hosts.
 */
@PxeLab(userData = "autoinstall/generic.yaml")
class GenericFallbackIT {

    @Test
    void aMacWithoutUserDataOfItsOwnInstallsTheGenericOne(@TargetVm(mac = "00:16:3e:77:88:99") Target anyHost) {
        assertThat(anyHost)
                .hasHostname("generic-host")
                .hasFile("/etc/pxelab-installed-by").withContent("generic user-data");
    }

    @Test
    void aDeclaredHostnameNamesAMachineThatInstallsTheGenericUserData(
            @TargetVm(mac = "00:16:3e:77:88:aa", hostname = "cache-1") Target cache) {
        assertThat(cache)
                .hasHostname("cache-1")
                .hasFile("/etc/pxelab-installed-by").withContent("generic user-data");
    }
}
