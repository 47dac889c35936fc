package dev.pxelab.runtime.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.event.AlertEvent;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.testing.PeerNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * B3: the TFTP thread died, port 69 closed, and DHCP went on sending firmware PXE there while
 * nothing said so. A server that stops raises an alert; the provisioner lists it among its
 * problems (which a lab's failure messages show) and DHCP stops advertising TFTP.
 */
class ProvisionerAlertTest {

    static final MacAddress PXE = MacAddress.of("52:54:00:00:00:51");

    @TempDir Path dir;

    @Test
    void aStoppedTftpServerIsAProblemAndIsNoLongerAdvertised() throws Exception {
        try (PeerNamespace peer = PeerNamespace.create("192.168.105.1/24", PXE.value());
             Provisioner lab = Provisioner.start(Provisioner.builder()
                     .interfaceName(peer.hostSide()).labAddress("192.168.105.1/24")
                     .host(Host.builder(PXE).build()).build())) {
            assertThat(firmwarePxeLease(peer)).contains("boot_file=undionly.kpxe");

            lab.report(new AlertEvent(Instant.now(), null, "TFTP", AlertEvent.Kind.SERVER_STOPPED,
                    "TFTP server on /192.168.105.1:69 stopped: java.lang.OutOfMemoryError"));

            assertThat(lab.problems()).containsExactly("TFTP server on /192.168.105.1:69 stopped: java.lang.OutOfMemoryError");
            assertThat(firmwarePxeLease(peer)).contains("ip=192.168.105.10").doesNotContain("boot_file=");
        }
    }

    private String firmwarePxeLease(PeerNamespace peer) throws Exception {
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env | sort\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return peer.run(Duration.ofSeconds(15), "busybox", "udhcpc", "-i", peer.peerSide(), "-n", "-q", "-f", "-t", "3",
                "-T", "1", "-s", script.toString(), "-V", "PXEClient:Arch:00000:UNDI:002001", "-x", "0x5d:0000",
                "-O", "bootfile").assertSucceeded().output();
    }
}
