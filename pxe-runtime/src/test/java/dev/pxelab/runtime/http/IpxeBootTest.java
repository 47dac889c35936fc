package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts against a real iPXE: QEMU's virtio option ROM, started with {@code -boot n} on
 * QEMU's user-mode network, whose built-in DHCP hands out {@code http://10.0.2.2/boot.ipxe}
 * (10.0.2.2 is the namespace's loopback, where this server listens). iPXE chains the per-MAC
 * script, which loads Debian's installer kernel and a tiny initrd; the kernel's first lines on the
 * serial console show the command line exactly as the script gave it.
 */
class IpxeBootTest {

    static final MacAddress MAC = MacAddress.of("52:54:00:12:34:56");
    static final Path KERNEL = Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/linux");

    @TempDir Path work;

    @Test
    void iPxeChainsThePerMacScriptAndBootsTheKernelWithTheTemplatedCommandLine() throws Exception {
        Path assets = Files.createDirectories(work.resolve("assets"));
        Files.copy(KERNEL, assets.resolve("linux"));
        Files.write(assets.resolve("tiny.cpio"), EmptyCpio.BYTES);
        FakeLab lab = new FakeLab().put(new HostBoot(MAC, "web-1", null, false, 1, Firmware.BIOS,
                new BootProfile("debian", "linux", List.of("tiny.cpio"),
                        "console=ttyS0 panic=-1 autoinstall ds=nocloud-net;s=http://${server}/${mac}/ hostname=${hostname}"),
                null));
        List<ProvisioningEvent> events = new CopyOnWriteArrayList<>();
        Path console = work.resolve("console.log");
        HttpServerConfig config = HttpServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(80)
                .assetRoot(assets).advertisedHost("10.0.2.2").build();

        try (HttpProvisioningServer server = HttpProvisioningServer.start(config, lab, events::add)) {
            java.time.Instant started = java.time.Instant.now();
            Process qemu = new ProcessBuilder("qemu-system-x86_64", "-m", "256", "-display", "none",
                    "-monitor", "none", "-serial", "file:" + console, "-no-reboot", "-boot", "n",
                    "-nic", "user,model=virtio-net-pci,mac=" + MAC + ",bootfile=http://10.0.2.2/boot.ipxe")
                    .redirectErrorStream(true).redirectOutput(work.resolve("qemu.log").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .until(() -> Files.exists(console)
                                && Files.readString(console, StandardCharsets.ISO_8859_1).contains("Command line:"));
                System.out.printf("kernel command line on the serial console after %d ms%n",
                        Duration.between(started, java.time.Instant.now()).toMillis());
                events.forEach(e -> System.out.printf("+%5d ms %s%n",
                        Duration.between(started, e.time()).toMillis(), e.summary()));
            } finally {
                qemu.destroy();
                if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly().waitFor();
                }
            }
        }

        assertThat(events).filteredOn(HttpEvent.class::isInstance).map(HttpEvent.class::cast)
                .extracting(HttpEvent::path, HttpEvent::status)
                .startsWith(
                        org.assertj.core.groups.Tuple.tuple("/boot.ipxe", 200),
                        org.assertj.core.groups.Tuple.tuple("/52-54-00-12-34-56/boot.ipxe", 200),
                        org.assertj.core.groups.Tuple.tuple("/assets/linux", 200),
                        org.assertj.core.groups.Tuple.tuple("/assets/tiny.cpio", 200));
        assertThat(Files.readString(console, StandardCharsets.ISO_8859_1)).contains("Command line: "
                + "initrd=initrd0 console=ttyS0 panic=-1 autoinstall ds=nocloud-net;s=http://10.0.2.2/52:54:00:12:34:56/"
                + " hostname=web-1");
    }

    /** An initrd with nothing in it: a newc cpio archive holding only its trailer. */
    static final class EmptyCpio {
        static final byte[] BYTES;

        static {
            String name = "TRAILER!!!\0";
            StringBuilder header = new StringBuilder("070701");
            long[] fields = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, name.length(), 0};
            for (long field : fields) {
                header.append(String.format("%08X", field));
            }
            header.append(name);
            while (header.length() % 4 != 0) {
                header.append('\0');
            }
            while (header.length() % 512 != 0) {
                header.append('\0');
            }
            BYTES = header.toString().getBytes(StandardCharsets.US_ASCII);
        }

        private EmptyCpio() { }
    }

}
