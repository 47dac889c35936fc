package dev.pxelab.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.provision.HostState;
import dev.pxelab.runtime.ssh.CommandResult;
import org.junit.jupiter.api.Test;

/**
 * Everything {@code @PxeLab} does, with the plain Java API for users of other test frameworks:
 * network boot, unattended install, reboot from disk, SSH.
 */
class PlainJavaApiIT {

    static final String WEB_USER_DATA = """
            #cloud-config
            autoinstall:
              version: 1
              identity:
                hostname: web-1
                username: ops
                password: "$6$pxelablab$tR0PCqHdp/Z9lITft8xEmemBJ53khB.RqOieaGDc5IRZQfOe0ZY5FfTFioU0GYXx4rXCGJ0.J2HSOAjcXRGSf1"
              ssh:
                install-server: true
              storage:
                layout:
                  name: direct
              late-commands:
                - echo installed-by-pxelab > /target/etc/pxelab-marker
            """;

    @Test
    void aBiosTargetInstallsAndAnswersSshAsItsUser() {
        try (Lab lab = Lab.builder().name("PlainJavaApiIT")
                .target(TargetDefinition.builder("52:54:00:00:00:11")
                        .userData(Document.inline("web.yaml", WEB_USER_DATA)).build())
                .start()) {
            Target web = lab.awaitReady().target("52:54:00:00:00:11");

            assertThat(web.state()).isEqualTo(HostState.BOOTED);
            CommandResult hostname = web.ssh().run("hostname");
            assertThat(hostname.stdout().strip()).as(hostname.toString()).isEqualTo("web-1");
            assertThat(web.ssh().run("id -un").stdout().strip()).isEqualTo("ops");
            assertThat(web.ssh().readFile("/etc/pxelab-marker")).isEqualTo("installed-by-pxelab\n");
        }
    }
}
