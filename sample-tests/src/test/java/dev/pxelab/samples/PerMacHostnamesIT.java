package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;
import static dev.pxelab.junit.PxeAssertions.assertThatThrownBy;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.lab.Target;
import org.junit.jupiter.api.Test;

/**
 * Two machines, one lab: each MAC installs the user-data written for it, so each comes up with
 * its own hostname and has run its own late-commands.
 */
@PxeLab
class PerMacHostnamesIT {

    @TargetVm(mac = "00:16:3e:11:22:33", userData = "autoinstall/web-1.yaml")
    static Target web;

    @TargetVm(mac = "00:16:3e:44:55:66", userData = "autoinstall/db-1.yaml")
    static Target db;

    @Test
    void eachMacGetsTheHostnameOfItsOwnUserData() {
        assertThat(web).hasHostname("web-1");
        assertThat(db).hasHostname("db-1");
    }

    @Test
    void aWrongHostnameIsReportedWithTheMacAndWhatTheMachineSaid() {
        assertThatThrownBy(() -> assertThat(web).hasHostname("db-1"))
                .hasMessage("Expected target 00:16:3e:11:22:33 to have hostname 'db-1', but `hostname` printed 'web-1'");
    }

    @Test
    void eachMacRanTheLateCommandsOfItsOwnUserData() {
        assertThat(web).hasFile("/etc/pxelab-role").withContent("web");
        assertThat(db).hasFile("/etc/pxelab-role").withContent("db");
    }

    @Test
    void theInstalledSystemsRunTheirSshServer() {
        // The test OS's SSH server is dropbear; on Ubuntu this would be hasServiceRunning("ssh").
        assertThat(web).hasServiceRunning("dropbear");
        assertThat(web.ssh().run("id -un")).succeeded().hasStdout("ops");
    }
}
