package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts against a real iPXE: QEMU's virtio option ROM, started with {@code -boot n} on
 * QEMU's user-mode network, whose built-in DHCP hands out {@code http://10.0.2.2/boot.ipxe}
 * (10.0.2.2 is the namespace's loopback, where this server listens on port 80).
 */
class IpxeBootIT {

    static final MacAddress MAC = MacAddress.of("52:54:00:12:34:56");
    static final Path KERNEL = Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/linux");

    @TempDir Path work;
    final FakeLab lab = new FakeLab();
    final List<ProvisioningEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void iPxeChainsThePerMacScriptAndBootsTheKernelWithTheTemplatedCommandLine() throws Exception {
        assertThat(KERNEL).as("Debian's installer kernel; tools/setup installs debian-installer-12-netboot-amd64")
                .isRegularFile();
        Path assets = Files.createDirectories(work.resolve("assets"));
        Files.copy(KERNEL, assets.resolve("linux"));
        Files.write(assets.resolve("tiny.cpio"), emptyCpio());
        lab.put(new HostBoot(MAC, "web-1", null, false, 1, Firmware.BIOS,
                new BootProfile("debian", "linux", List.of("tiny.cpio"),
                        "console=ttyS0 panic=-1 autoinstall ds=nocloud-net;s=http://${server}/${mac}/ hostname=${hostname}"),
                null));

        String console = bootUntilConsoleShows("Command line:", assets);

        assertThat(httpRequests()).startsWith(
                tuple("/boot.ipxe", 200),
                tuple("/52-54-00-12-34-56/boot.ipxe", 200),
                tuple("/assets/linux", 200),
                tuple("/assets/tiny.cpio", 200));
        assertThat(console).contains("Command line: initrd=initrd0 console=ttyS0 panic=-1 autoinstall"
                + " ds=nocloud-net;s=http://10.0.2.2/52:54:00:12:34:56/ hostname=web-1");
    }

    @Test
    void anInstalledBiosHostIsSentToItsFirstDisk() throws Exception {
        lab.put(new HostBoot(MAC, "web-1", null, true, 1, Firmware.BIOS, null, null));
        Path disk = work.resolve("disk.raw");
        Files.write(disk, bootSectorPrinting("PXELAB-LOCAL-DISK"));

        String console = bootUntilConsoleShows("PXELAB-LOCAL-DISK", null,
                "-drive", "file=" + disk + ",format=raw,if=ide");

        assertThat(console).contains("PXELAB-LOCAL-DISK");
        assertThat(httpRequests()).containsExactly(tuple("/boot.ipxe", 200), tuple("/52-54-00-12-34-56/boot.ipxe", 200));
    }

    private List<Tuple> httpRequests() {
        return events.stream().filter(HttpEvent.class::isInstance).map(HttpEvent.class::cast)
                .map(e -> tuple(e.path(), e.status())).toList();
    }

    /** Runs the target until its serial console shows the text; prints the HTTP timeline. */
    private String bootUntilConsoleShows(String text, Path assets, String... extraQemuArgs) throws Exception {
        Path console = work.resolve("console.log");
        HttpServerConfig config = HttpServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(80)
                .assetRoot(assets).advertisedHost("10.0.2.2").build();
        try (HttpProvisioningServer server = HttpProvisioningServer.start(config, lab, events::add)) {
            List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-m", "256", "-display", "none",
                    "-monitor", "none", "-serial", "file:" + console, "-no-reboot", "-boot", "n",
                    "-nic", "user,model=virtio-net-pci,mac=" + MAC + ",bootfile=http://10.0.2.2/boot.ipxe"));
            command.addAll(List.of(extraQemuArgs));
            Instant started = Instant.now();
            Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("qemu.log").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .until(() -> Files.exists(console)
                                && Files.readString(console, StandardCharsets.ISO_8859_1).contains(text));
                System.out.printf("'%s' on the serial console after %d ms%n", text,
                        Duration.between(started, Instant.now()).toMillis());
                events.forEach(e -> System.out.printf("+%5d ms %s%n",
                        Duration.between(started, e.time()).toMillis(), e.summary()));
            } finally {
                qemu.destroy();
                if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly().waitFor();
                }
            }
        }
        return Files.readString(console, StandardCharsets.ISO_8859_1);
    }

    /** An initrd with nothing in it: a newc cpio archive holding only its trailer. */
    static byte[] emptyCpio() {
        String name = "TRAILER!!!\0";
        StringBuilder archive = new StringBuilder("070701");
        long[] fields = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, name.length(), 0};
        for (long field : fields) {
            archive.append(String.format("%08X", field));
        }
        archive.append(name);
        while (archive.length() % 512 != 0) {
            archive.append('\0');
        }
        return archive.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A 1 MiB disk whose MBR writes the text to COM1 and halts: proof that the BIOS booted it.
     * cld; xor ax,ax; mov ds,ax; mov dx,0x3f8; mov si,msg; next: lodsb; test al,al; jz done;
     * out dx,al; jmp next; done: hlt; jmp done; msg: db text, 13, 10, 0
     */
    static byte[] bootSectorPrinting(String text) {
        byte[] code = {(byte) 0xFC, 0x31, (byte) 0xC0, (byte) 0x8E, (byte) 0xD8, (byte) 0xBA, (byte) 0xF8, 0x03,
                (byte) 0xBE, 0x16, 0x7C, (byte) 0xAC, (byte) 0x84, (byte) 0xC0, 0x74, 0x03, (byte) 0xEE,
                (byte) 0xEB, (byte) 0xF8, (byte) 0xF4, (byte) 0xEB, (byte) 0xFD};
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(code, 0, disk, 0, code.length);
        byte[] message = (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(message, 0, disk, 0x16, message.length);
        disk[510] = 0x55;
        disk[511] = (byte) 0xAA;
        return disk;
    }
}
