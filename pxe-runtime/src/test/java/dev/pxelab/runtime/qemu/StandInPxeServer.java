package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A stand-in for pxelab's own provisioner, so that the lab and its targets can be proved before
 * the DHCP/TFTP/HTTP servers exist: dnsmasq (DHCP + TFTP) and busybox httpd, started by PID inside
 * the test JVM's namespace on the lab bridge. THE ONE place to replace when the targets are wired
 * to pxelab's own servers.
 *
 * <p>What it serves, as DESIGN.md's boot flow: iPXE (user-class iPXE or option 175) gets an HTTP
 * URL to {@code boot.ipxe}, which loads Debian's installer kernel + initrd over HTTP; plain
 * x86-64 UEFI PXE gets {@code ipxe.efi}, arm64 UEFI PXE Debian's GRUB network image
 * {@code bootnetaa64.efi} (whose prefix is {@code /debian-installer/arm64/grub}), BIOS PXE
 * {@code undionly.kpxe}.
 */
final class StandInPxeServer implements AutoCloseable {

    static final int HTTP_PORT = 8080;
    static final String SERVER = "%SERVER%";
    /** The installer's kernel alone: boot timings without the 40 MB initrd transfer. */
    static final String KERNEL_ONLY = "#!ipxe\nkernel http://%SERVER%/amd64/linux console=ttyS0\nboot\n";
    /** Printed by the GRUB config on the serial console: GRUB loaded and read its config. */
    static final String GRUB_MARKER = "pxelab-grub-config-loaded";
    private static final Path DI = Path.of("/usr/lib/debian-installer/images/12");

    private final Process dnsmasq;
    private final Process httpd;
    private final Path dnsmasqLog;
    private final Inet4Address clientAddress;

    private StandInPxeServer(Process dnsmasq, Process httpd, Path dnsmasqLog, Inet4Address clientAddress) {
        this.dnsmasq = dnsmasq;
        this.httpd = httpd;
        this.dnsmasqLog = dnsmasqLog;
        this.clientAddress = clientAddress;
    }

    /**
     * Serves {@code mac} a fixed address (.50) on the lab.
     *
     * @param tuned hand iPXE option 175.176 (no-pxedhcp), so it does not wait ~3 s for ProxyDHCP offers
     */
    static StandInPxeServer start(LabNetwork lab, MacAddress mac, Path workDir, boolean tuned) throws IOException {
        return start(lab, mac, workDir, tuned, null);
    }

    /**
     * As above, with iPXE's script given (e.g. {@code #!ipxe\nexit} to boot the disk), or null for the
     * installer; {@value #SERVER} in it stands for the lab's {@code address:port} of the HTTP server.
     */
    static StandInPxeServer start(LabNetwork lab, MacAddress mac, Path workDir, boolean tuned, String ipxeScript)
            throws IOException {
        return start(lab, mac, workDir, tuned, ipxeScript, "ipxe.efi");
    }

    /** As above; {@code efiBootFile} is what x86-64 UEFI PXE gets: {@code ipxe.efi} or {@code snponly.efi}. */
    static StandInPxeServer start(LabNetwork lab, MacAddress mac, Path workDir, boolean tuned, String ipxeScript,
                                  String efiBootFile) throws IOException {
        Path root = Files.createDirectories(workDir.resolve("stand-in-root"));
        String server = lab.serverAddress().getHostAddress();
        Inet4Address client = lab.subnet().host(50);
        link(root.resolve("ipxe.efi"), Path.of("/usr/lib/ipxe/ipxe.efi"));
        link(root.resolve("undionly.kpxe"), Path.of("/usr/lib/ipxe/undionly.kpxe"));
        link(root.resolve("snponly.efi"), Path.of("/usr/lib/ipxe/snponly.efi"));
        Path amd64 = Files.createDirectories(root.resolve("amd64"));
        link(amd64.resolve("linux"), DI.resolve("amd64/text/debian-installer/amd64/linux"));
        link(amd64.resolve("initrd.gz"), DI.resolve("amd64/text/debian-installer/amd64/initrd.gz"));
        Files.writeString(root.resolve("boot.ipxe"), ipxeScript != null
                ? ipxeScript.replace(SERVER, server + ":" + HTTP_PORT) : """
                #!ipxe
                echo pxelab stand-in: booting the Debian installer
                kernel http://%1$s:%2$d/amd64/linux initrd=initrd.gz console=ttyS0 ---
                initrd http://%1$s:%2$d/amd64/initrd.gz
                boot
                """.formatted(server, HTTP_PORT));
        Path arm64 = DI.resolve("arm64/text/debian-installer/arm64");
        if (Files.exists(arm64)) {
            // bootnetaa64.efi is Debian's signed shim: it fetches grubaa64.efi (signed GRUB, network
            // image with prefix /debian-installer/arm64/grub) from the same TFTP server.
            link(root.resolve("bootnetaa64.efi"), arm64.resolve("bootnetaa64.efi"));
            link(root.resolve("grubaa64.efi"), arm64.resolve("grubaa64.efi"));
            Path grub = Files.createDirectories(root.resolve("debian-installer/arm64/grub"));
            // GRUB's modules (http.mod is not built into the signed image), where its prefix says.
            link(grub.resolve("arm64-efi"), arm64.resolve("grub/arm64-efi"));
            Path kernels = Files.createDirectories(root.resolve("arm64"));
            link(kernels.resolve("linux"), arm64.resolve("linux"));
            link(kernels.resolve("initrd.gz"), arm64.resolve("initrd.gz"));
            Files.writeString(grub.resolve("grub.cfg"), """
                    set timeout=0
                    echo %3$s
                    insmod http
                    linux (http,%1$s:%2$d)/arm64/linux console=ttyAMA0 ---
                    boot
                    """.formatted(server, HTTP_PORT, GRUB_MARKER));
        }

        Path log = workDir.resolve("dnsmasq.log");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--",
                "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0", "--user=root", "--pid-file=",
                "--interface=" + lab.bridgeName(), "--bind-interfaces", "--except-interface=lo",
                "--dhcp-range=" + client.getHostAddress() + ",static",
                "--dhcp-host=" + mac + "," + client.getHostAddress() + ",target",
                "--dhcp-leasefile=" + workDir.resolve("dnsmasq.leases"),
                "--log-dhcp", "--log-facility=" + log,
                "--enable-tftp", "--tftp-root=" + root,
                "--dhcp-userclass=set:ipxe,iPXE", "--dhcp-match=set:ipxe,175",
                "--dhcp-match=set:efi64,option:client-arch,7", "--dhcp-match=set:efi64,option:client-arch,9",
                "--dhcp-match=set:arm64,option:client-arch,11",
                "--dhcp-boot=tag:ipxe,http://" + server + ":" + HTTP_PORT + "/boot.ipxe",
                "--dhcp-boot=tag:!ipxe,tag:efi64," + efiBootFile,
                "--dhcp-boot=tag:!ipxe,tag:arm64,bootnetaa64.efi",
                "--dhcp-boot=tag:!ipxe,tag:!efi64,tag:!arm64,undionly.kpxe"));
        if (tuned) {
            command.add("--dhcp-option=encap:175,176,1b");
        }
        Process dnsmasq = ProcessLauncher.start(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("dnsmasq.out").toFile()));
        Process httpd;
        try {
            httpd = ProcessLauncher.start(new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "--",
                    "busybox", "httpd", "-f", "-p", server + ":" + HTTP_PORT, "-h", root.toString())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("httpd.out").toFile()));
        } catch (IOException e) {
            dnsmasq.destroyForcibly();
            throw e;
        }
        StandInPxeServer s = new StandInPxeServer(dnsmasq, httpd, log, client);
        s.awaitLog(Pattern.compile("started, version"), Duration.ofSeconds(10));
        return s;
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }

    Inet4Address clientAddress() {
        return clientAddress;
    }

    Path log() {
        return dnsmasqLog;
    }

    String logText() throws IOException {
        return Files.exists(dnsmasqLog) ? Files.readString(dnsmasqLog) : "";
    }

    /** Waits until dnsmasq's log matches; fails with the log when it does not in time. */
    void awaitLog(Pattern pattern, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pattern.matcher(logText()).find()) {
            if (!dnsmasq.isAlive()) {
                throw new IllegalStateException("dnsmasq exited (" + dnsmasq.exitValue() + "): " + logText());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dnsmasq log did not match " + pattern + " within " + timeout + ":\n" + logText());
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : List.of(httpd, dnsmasq)) {
            p.destroy();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(3, TimeUnit.SECONDS);
            }
        }
    }
}
