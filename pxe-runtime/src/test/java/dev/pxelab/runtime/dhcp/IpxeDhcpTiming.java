package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.LinuxUdpSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: boots QEMU with {@code -boot n} against pxelab's DHCP server and prints when each
 * DHCP message of the firmware's exchange happened, to compare the iPXE hints
 * (docs/dhcp-ipxe-timing.md). Also writes the raw bytes of every client message it saw as hex,
 * which is where the test resources with real iPXE/EDK2 packets come from.
 *
 * <p>Run through tools/bench/ipxe-dhcp-timing.sh, which puts it in a network namespace of its own:
 * it creates a bridge and a tap and must never run in the host's namespace.
 *
 * <pre>args: firmware(bios|ovmf|ovmf-pxe) hints(comma list of IpxeHint or none) captureDir seconds</pre>
 */
public final class IpxeDhcpTiming {

    record Seen(long nanos, String what) {
    }

    public static void main(String[] args) throws Exception {
        String firmware = args[0];
        Set<DhcpServerConfig.IpxeHint> hints = EnumSet.noneOf(DhcpServerConfig.IpxeHint.class);
        if (!args[1].equals("none")) {
            for (String h : args[1].split(",")) {
                hints.add(DhcpServerConfig.IpxeHint.valueOf(h));
            }
        }
        Path captures = Path.of(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Files.createDirectories(captures);
        sh("ip", "link", "add", "br0", "type", "bridge");
        sh("ip", "addr", "add", "192.168.105.1/24", "dev", "br0");
        sh("ip", "link", "set", "br0", "up");
        sh("ip", "tuntap", "add", "tap0", "mode", "tap");
        sh("ip", "link", "set", "tap0", "master", "br0");
        sh("ip", "link", "set", "tap0", "up");

        String mac = "52:54:00:00:00:11";
        var config = DhcpServerConfig.builder("br0", Ipv4.parse("192.168.105.1"), 24)
                .staticLease(mac, "192.168.105.11", "web-1").ipxeHints(hints).build();
        List<Seen> seen = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        try (DhcpServer server = DhcpServer.start(config, e -> {
                 DhcpEvent d = (DhcpEvent) e;
                 seen.add(new Seen(System.nanoTime(), d.type() + (d.bootFile() == null ? "" : " " + d.bootFile())));
             });
             LinuxUdpSocket capture = LinuxUdpSocket.bind("br0", 67)) {
            List<byte[]> captured = new CopyOnWriteArrayList<>();
            Thread capturer = new Thread(() -> capture(capture, captured), "capture");
            capturer.setDaemon(true);
            capturer.start();
            List<String> qemu = new ArrayList<>(List.of("qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
                    "-m", "256", "-nographic", "-no-reboot", "-boot", "n",
                    "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no"));
            switch (firmware) {
                case "bios" -> qemu.addAll(List.of("-device", "virtio-net-pci,netdev=n0,mac=" + mac));
                case "ovmf" -> qemu.addAll(List.of("-bios", "/usr/share/ovmf/OVMF.fd",
                        "-device", "virtio-net-pci,netdev=n0,mac=" + mac));
                case "ovmf-pxe" -> qemu.addAll(List.of("-bios", "/usr/share/ovmf/OVMF.fd",
                        "-device", "virtio-net-pci,netdev=n0,mac=" + mac + ",romfile="));
                default -> throw new IllegalArgumentException("firmware " + firmware);
            }
            t0 = System.nanoTime();
            Process p = new ProcessBuilder(qemu).redirectErrorStream(true)
                    .redirectOutput(captures.resolve(firmware + "-serial.log").toFile()).start();
            try {
                long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < deadline && seen.stream().noneMatch(s -> s.what().startsWith("ACK"))) {
                    Thread.sleep(50);
                }
                Thread.sleep(500);
            } finally {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
            writeCaptures(captured, captures, firmware);
            System.out.printf("firmware=%s hints=%s%n", firmware, hints.isEmpty() ? "none" : hints);
            for (Seen s : seen) {
                System.out.printf("  %7.3f s  %s%n", (s.nanos() - t0) / 1e9, s.what());
            }
            long discover = seen.stream().filter(s -> s.what().equals("DISCOVER")).mapToLong(Seen::nanos).findFirst()
                    .orElse(-1);
            long ack = seen.stream().filter(s -> s.what().startsWith("ACK")).mapToLong(Seen::nanos).findFirst()
                    .orElse(-1);
            if (discover > 0 && ack > 0) {
                System.out.printf("RESULT firmware=%s hints=%s start->DISCOVER %.3f s, DISCOVER->ACK %.3f s, start->ACK %.3f s%n",
                        firmware, hints.isEmpty() ? "none" : hints, (discover - t0) / 1e9, (ack - discover) / 1e9,
                        (ack - t0) / 1e9);
            } else {
                System.out.printf("RESULT firmware=%s hints=%s no complete exchange within %d s%n", firmware, hints, seconds);
            }
            System.out.println("stats " + server.stats());
        }
    }

    /** Keeps copies of what arrives in memory; files are written after the boot, not to compete with it. */
    private static void capture(LinuxUdpSocket socket, List<byte[]> captured) {
        byte[] buf = new byte[4096];
        try {
            LinuxUdpSocket.Datagram d;
            while ((d = socket.receive(buf)) != null) {
                captured.add(Arrays.copyOf(buf, d.length()));
            }
        } catch (IOException e) {
            System.err.println("capture: " + e);
        }
    }

    private static void writeCaptures(List<byte[]> captured, Path dir, String firmware) throws IOException {
        int n = 0;
        for (byte[] b : captured) {
            String type;
            try {
                type = DhcpCodec.decode(b).type().map(Enum::name).orElse("none").toLowerCase();
            } catch (DhcpFormatException e) {
                type = "malformed";
            }
            Files.writeString(dir.resolve(firmware + "-" + (++n) + "-" + type + ".hex"), HexFormat.of().formatHex(b) + "\n");
        }
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed");
        }
    }
}
