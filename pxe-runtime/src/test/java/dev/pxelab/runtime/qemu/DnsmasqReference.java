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
 * The reference the boot benchmark compares pxelab with: dnsmasq (DHCP + TFTP), tuned for iPXE
 * (option 175.176 no-pxedhcp, so iPXE does not wait ~3 s for ProxyDHCP offers), and busybox httpd,
 * started by PID inside the benchmark JVM's namespace on the lab bridge. It serves the same
 * payload as pxelab in the benchmark (the test OS's kernel and initrd, {@code console=ttyS0}).
 * Benchmarks only: pxelab's tests boot from pxelab's own provisioner.
 */
final class DnsmasqReference implements AutoCloseable {

    static final int HTTP_PORT = 8080;

    private final Process dnsmasq;
    private final Process httpd;
    private final Path dnsmasqLog;

    private DnsmasqReference(Process dnsmasq, Process httpd, Path dnsmasqLog) {
        this.dnsmasq = dnsmasq;
        this.httpd = httpd;
        this.dnsmasqLog = dnsmasqLog;
    }

    /**
     * Serves {@code mac} the fixed {@code address}: iPXE gets {@code boot.ipxe} over HTTP, which
     * loads {@code kernel} and {@code initrd} from {@code assets} with {@code cmdline}; x86-64 UEFI
     * PXE gets {@code efiBootFile} over TFTP, BIOS PXE {@code undionly.kpxe}.
     */
    static DnsmasqReference start(LabNetwork lab, MacAddress mac, Inet4Address address, Path workDir, Path assets,
                                  String kernel, String initrd, String cmdline, String efiBootFile) throws IOException {
        Path root = Files.createDirectories(workDir.resolve("dnsmasq-root"));
        String server = lab.serverAddress().getHostAddress();
        for (String loader : List.of("ipxe.efi", "undionly.kpxe", "snponly.efi")) {
            link(root.resolve(loader), Path.of("/usr/lib/ipxe", loader));
        }
        link(root.resolve("assets"), assets);
        Files.writeString(root.resolve("boot.ipxe"), """
                #!ipxe
                kernel http://%1$s:%2$d/assets/%3$s initrd=initrd0 %5$s
                initrd --name initrd0 http://%1$s:%2$d/assets/%4$s
                boot
                """.formatted(server, HTTP_PORT, kernel, initrd, cmdline));
        Inet4Address client = address;

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
                "--dhcp-boot=tag:ipxe,http://" + server + ":" + HTTP_PORT + "/boot.ipxe",
                "--dhcp-boot=tag:!ipxe,tag:efi64," + efiBootFile,
                "--dhcp-boot=tag:!ipxe,tag:!efi64,undionly.kpxe"));
        command.add("--dhcp-option=encap:175,176,1b");
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
        DnsmasqReference s = new DnsmasqReference(dnsmasq, httpd, log);
        s.awaitLog(Pattern.compile("started, version"), Duration.ofSeconds(10));
        return s;
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
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
