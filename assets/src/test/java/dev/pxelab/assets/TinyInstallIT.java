package dev.pxelab.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path with a stand-in provisioner: the installer boots (direct kernel boot, as a PXE
 * boot script would start it) with Ubuntu's command line, fetches per-MAC NoCloud data over HTTP,
 * installs the tiny system, reports curtin events to the webhook and reboots; then the disk boots
 * (BIOS, then UEFI) and answers SSH with the key from the user-data. Stage times are printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TinyInstallIT {
    static final Path WORK = Path.of("target/testos-it").toAbsolutePath();
    static KeyPair key;
    static StandInProvisioner provisioner;
    static Path installedDisk;
    static long installStart, userDataFetched, finished, qemuExited;
    static double installerInitUptime;

    @BeforeAll
    static void install() throws Exception {
        Files.createDirectories(WORK);
        key = GuestSsh.newKey();
        provisioner = new StandInProvisioner(TestOsBuild.locate().tinyImage());
        provisioner.serve(Qemu.MAC, userData(provisioner.hookUrl(), "late-commands:\n"
                + "    - echo late > /target/etc/late-marker\n"
                + "    - curtin in-target --target=/target -- sh -c 'echo in-target > /etc/in-target-marker'\n"),
                "instance-id: i-52540012345\nlocal-hostname: web-1\n");
        installedDisk = newDisk("installed.img");
        try (Qemu qemu = Qemu.installer(installedDisk, TestOsBuild.kernelCommandLine(provisioner.seedUrl(Qemu.MAC)), WORK.resolve("install.log"))) {
            installStart = qemu.startedMillis;
            StandInProvisioner.Event result = provisioner.awaitFinalResult(Duration.ofSeconds(240), qemu.handle());
            finished = result.receivedMillis();
            assertThat(result.field("result")).as("final event %s%nconsole:%n%s", result.json(), qemu.consoleTail(30))
                    .isEqualTo("SUCCESS");
            assertThat(qemu.awaitExit(Duration.ofSeconds(60))).as("the installer reboots (QEMU -no-reboot exits)").isTrue();
            qemuExited = System.currentTimeMillis();
            userDataFetched = provisioner.firstGet("/" + Qemu.MAC + "/user-data");
            Matcher m = Pattern.compile("testos-installer \\[([0-9.]+)s\\]: starting").matcher(qemu.console());
            installerInitUptime = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        }
    }

    static String userData(String hook, String extra) {
        return "#cloud-config\n"
                + "autoinstall:\n"
                + "  version: 1\n"
                + "  identity: {hostname: web-1, username: tester, password: '$6$rounds=4096$pxelab$Q9rXz3u1'}\n"
                + "  ssh: {install-server: true, authorized-keys: ['" + publicKeyLine() + "']}\n"
                + "  storage: {layout: {name: direct}}\n"
                + "  reporting: {hook: {type: webhook, endpoint: '" + hook + "'}}\n"
                + "  user-data:\n"
                + "    write_files: [{path: /etc/written-by-cloud-config, content: \"hello\\n\"}]\n"
                + "    runcmd: ['echo runcmd > /etc/runcmd-marker']\n"
                + "  " + extra;
    }

    static String publicKeyLine() {
        return GuestSsh.publicKeyLine(key);
    }

    static Path newDisk(String name) throws IOException {
        Path disk = WORK.resolve(name);
        Files.deleteIfExists(disk);
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) { f.setLength(256L << 20); }
        return disk;
    }

    static Path copyOf(Path disk, String name) throws Exception {
        Path copy = WORK.resolve(name);
        Files.deleteIfExists(copy);
        Process cp = new ProcessBuilder("cp", "--sparse=always", disk.toString(), copy.toString()).inheritIO().start();
        assertThat(cp.waitFor(60, TimeUnit.SECONDS) && cp.exitValue() == 0).as("cp %s", disk).isTrue();
        return copy;
    }

    @AfterAll
    static void stop() {
        if (provisioner != null) provisioner.close();
    }

    @Test
    @Order(1)
    void reportsEachStageInCurtinsShape() {
        assertThat(provisioner.events()).extracting(e -> e.field("name") + " " + e.field("event_type"))
                .contains("subiquity/Install start", "subiquity/Install/install/partitioning finish",
                        "subiquity/Install/install/extract finish", "subiquity/Install/install/bootloader finish",
                        "subiquity/Late/run finish", "subiquity/Install finish");
        assertThat(provisioner.events()).allSatisfy(e -> {
            assertThat(e.field("origin")).isEqualTo("curtin");
            assertThat(e.json()).containsPattern("\"timestamp\":[0-9]{10}\\.[0-9]{3}");
        });
    }

    @Test
    @Order(2)
    void installedDiskBootsUnderBiosAndAnswersSsh() throws Exception {
        bootAndCheck("BIOS", copyOf(installedDisk, "bios.img"), null);
    }

    @Test
    @Order(3)
    void installedDiskBootsUnderUefiAndAnswersSsh() throws Exception {
        Path vars = WORK.resolve("OVMF_VARS.fd");
        Files.copy(Path.of("/usr/share/OVMF/OVMF_VARS.fd"), vars, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        bootAndCheck("UEFI", copyOf(installedDisk, "uefi.img"), vars);
    }

    private void bootAndCheck(String firmware, Path disk, Path ovmfVars) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        try (Qemu qemu = Qemu.fromDisk(disk, port, ovmfVars, WORK.resolve(firmware.toLowerCase() + "-boot.log"))) {
            try (SSHClient ssh = connect(port, qemu, Duration.ofSeconds(180))) {
                long sshAt = System.currentTimeMillis();
                assertThat(run(ssh, "hostname")).isEqualTo("web-1\n");
                assertThat(run(ssh, "id -un")).isEqualTo("tester\n");
                assertThat(run(ssh, "cat /etc/os-release")).contains("ID=pxelab-testos");
                assertThat(run(ssh, "cat /etc/late-marker /etc/in-target-marker")).isEqualTo("late\nin-target\n");
                assertThat(run(ssh, "cat /etc/written-by-cloud-config /etc/runcmd-marker")).isEqualTo("hello\nruncmd\n");
                if (ovmfVars != null) assertThat(run(ssh, "ls /sys/firmware/efi")).isNotEmpty();
                printTimes(firmware, qemu.startedMillis, sshAt);
            }
        }
    }

    private static void printTimes(String firmware, long bootStart, long sshAt) {
        System.out.printf("""
                TESTOS-BENCH tiny/%s: QEMU start -> installer /init %.1f s (guest uptime)
                TESTOS-BENCH tiny/%s: QEMU start -> user-data fetched %.1f s
                TESTOS-BENCH tiny/%s: user-data fetched -> install finished event %.1f s
                TESTOS-BENCH tiny/%s: install finished event -> installer QEMU exited (reboot) %.1f s
                TESTOS-BENCH tiny/%s: disk boot QEMU start -> SSH answering %.1f s
                TESTOS-BENCH tiny/%s: total (install + boot from disk to SSH) %.1f s
                """,
                firmware, installerInitUptime,
                firmware, (userDataFetched - installStart) / 1000.0,
                firmware, (finished - userDataFetched) / 1000.0,
                firmware, (qemuExited - finished) / 1000.0,
                firmware, (sshAt - bootStart) / 1000.0,
                firmware, (qemuExited - installStart + sshAt - bootStart) / 1000.0);
    }

    private static SSHClient connect(int port, Qemu qemu, Duration timeout) throws Exception {
        return GuestSsh.connect(port, qemu, key, timeout, Duration.ofSeconds(20));
    }

    static String run(SSHClient ssh, String command) throws IOException {
        return GuestSsh.run(ssh, command, Duration.ofSeconds(20));
    }
}
