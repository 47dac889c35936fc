package dev.pxelab.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.Test;

/**
 * The {@code debian} flavour end to end under BIOS: the installer (direct kernel boot, Ubuntu's
 * command line plus {@code testos.image=} naming the Debian image) installs Debian 12 and reboots;
 * the disk boots systemd, whose cloud-init runs the autoinstall {@code user-data} section from the
 * NoCloud seed the installer wrote; SSH (OpenSSH) answers with the key from the user-data.
 *
 * <p>The flavour is opt-in (debootstrap, root, minutes when cold): without {@code -Ppxelab-debian}
 * ({@code pxelab.testos.flavour=debian}) this test is skipped; with it, a missing image fails it.
 */
class DebianInstallIT {
    static final Path WORK = Path.of("target/testos-debian-it").toAbsolutePath();
    static final String FLAVOUR_PROPERTY = "pxelab.testos.flavour";

    private final KeyPair key = GuestSsh.newKey();

    @Test
    void installsDebianWhoseCloudInitRunsTheUserDataAndAnswersSsh() throws Exception {
        assumeTrue("debian".equals(System.getProperty(FLAVOUR_PROPERTY)),
                "the debian flavour is opt-in and not built: run with -Ppxelab-debian");
        TestOsBuild os = TestOsBuild.locate();
        assertThat(os.debianImage()).as("the debian image (built with --flavour debian)").isRegularFile();
        Files.createDirectories(WORK);

        long installStart, userDataFetched, imageFetched, finished, qemuExited;
        double installerInitUptime;
        Path disk = WORK.resolve("debian.img");
        Files.deleteIfExists(disk);
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) { f.setLength(2L << 30); }

        try (StandInProvisioner provisioner = new StandInProvisioner(os.debianImage(), TestOsBuild.DEBIAN_IMAGE_PATH)) {
            provisioner.serve(Qemu.MAC, userData(provisioner.hookUrl()), "instance-id: i-52540012345\nlocal-hostname: web-1\n");
            String cmdline = TestOsBuild.kernelCommandLine(provisioner.seedUrl(Qemu.MAC))
                    + " testos.image=http://10.0.2.2:" + provisioner.port() + TestOsBuild.DEBIAN_IMAGE_PATH;
            try (Qemu qemu = Qemu.installer(disk, cmdline, WORK.resolve("install.log"))) {
                installStart = qemu.startedMillis;
                StandInProvisioner.Event result = provisioner.awaitFinalResult(Duration.ofSeconds(300), qemu.handle());
                finished = result.receivedMillis();
                assertThat(result.field("result")).as("final event %s%nconsole:%n%s", result.json(), qemu.consoleTail(30))
                        .isEqualTo("SUCCESS");
                assertThat(qemu.awaitExit(Duration.ofSeconds(60))).as("the installer reboots (QEMU -no-reboot exits)").isTrue();
                qemuExited = System.currentTimeMillis();
                userDataFetched = provisioner.firstGet("/" + Qemu.MAC + "/user-data");
                imageFetched = provisioner.firstGet(TestOsBuild.DEBIAN_IMAGE_PATH);
                Matcher m = Pattern.compile("testos-installer \\[([0-9.]+)s\\]: starting").matcher(qemu.console());
                installerInitUptime = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
            }
        }

        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        try (Qemu qemu = Qemu.fromDisk(disk, port, null, WORK.resolve("bios-boot.log"));
                SSHClient ssh = connect(port, qemu, Duration.ofSeconds(240))) {
            long sshAt = System.currentTimeMillis();
            // cloud-init's last stage (runcmd) may still be running when sshd answers: wait for it.
            String status = run(ssh, "cloud-init status --wait --long");
            long cloudInitDone = System.currentTimeMillis();
            assertThat(status).as("cloud-init status").contains("status: done")
                    .contains("DataSourceNoCloud", "/var/lib/cloud/seed/nocloud");
            assertThat(run(ssh, "hostname")).isEqualTo("web-1\n");
            assertThat(run(ssh, "id -un")).isEqualTo("tester\n");
            assertThat(run(ssh, "cat /etc/os-release")).contains("ID=debian", "VERSION_ID=\"12\"");
            assertThat(run(ssh, "readlink -f /sbin/init")).isEqualTo("/usr/lib/systemd/systemd\n");
            assertThat(run(ssh, "ps -o comm= -p 1")).isEqualTo("systemd\n");
            assertThat(ssh.getTransport().getServerVersion()).as("SSH server").contains("OpenSSH");
            assertThat(run(ssh, "ps -o comm= -C sshd")).contains("sshd");
            assertThat(run(ssh, "cat /etc/late-marker /etc/in-target-marker")).isEqualTo("late\nin-target\n");
            // Written by cloud-init itself: write_files (init stage) and runcmd (config + final stages).
            assertThat(run(ssh, "cat /etc/written-by-cloud-init /var/tmp/runcmd-marker"))
                    .isEqualTo("hello from user-data\nruncmd ran as root on web-1\n");
            // Where the disk boot's time goes, from the guest's journal (systemctl and systemd-analyze
            // need D-Bus for a non-root user, and the image has none; the journal is a file).
            String analyze = run(ssh, "journalctl -b -o short-monotonic --no-pager"
                    + " | grep -E 'Startup finished|Reached target (local-fs|network|network-online|multi-user|cloud-init)\\.target"
                    + "|Started (ssh|systemd-networkd)\\.service|Finished cloud|DHCPv4 address'"
                    + " | cut -c1-140");
            System.out.printf("""
                    TESTOS-BENCH debian/BIOS: QEMU start -> installer /init %.1f s (guest uptime)
                    TESTOS-BENCH debian/BIOS: QEMU start -> user-data fetched %.1f s
                    TESTOS-BENCH debian/BIOS: user-data fetched -> image request %.1f s
                    TESTOS-BENCH debian/BIOS: image request -> install finished event %.1f s (download, unpack, GRUB, configure, late-commands)
                    TESTOS-BENCH debian/BIOS: install finished event -> installer QEMU exited (reboot) %.1f s
                    TESTOS-BENCH debian/BIOS: disk boot QEMU start -> SSH answering %.1f s
                    TESTOS-BENCH debian/BIOS: SSH answering -> cloud-init done (status --wait) %.1f s
                    TESTOS-BENCH debian/BIOS: total (QEMU start -> install -> disk boot -> SSH) %.1f s
                    TESTOS-BENCH debian/BIOS: total including cloud-init done %.1f s
                    TESTOS-BENCH debian/BIOS: image %d MiB
                    %s""",
                    installerInitUptime,
                    (userDataFetched - installStart) / 1000.0,
                    (imageFetched - userDataFetched) / 1000.0,
                    (finished - imageFetched) / 1000.0,
                    (qemuExited - finished) / 1000.0,
                    (sshAt - qemu.startedMillis) / 1000.0,
                    (cloudInitDone - sshAt) / 1000.0,
                    (qemuExited - installStart + sshAt - qemu.startedMillis) / 1000.0,
                    (qemuExited - installStart + cloudInitDone - qemu.startedMillis) / 1000.0,
                    Files.size(os.debianImage()) >> 20,
                    analyze.lines().map(l -> "TESTOS-BENCH debian/guest: " + l + "\n").reduce("", String::concat));
        }
    }

    private String userData(String hook) {
        return "#cloud-config\n"
                + "autoinstall:\n"
                + "  version: 1\n"
                + "  identity: {hostname: web-1, username: tester, password: '$6$rounds=4096$pxelab$Q9rXz3u1'}\n"
                + "  ssh: {install-server: true, authorized-keys: ['" + publicKeyLine() + "']}\n"
                + "  storage: {layout: {name: direct}}\n"
                + "  reporting: {hook: {type: webhook, endpoint: '" + hook + "'}}\n"
                + "  late-commands:\n"
                + "    - echo late > /target/etc/late-marker\n"
                + "    - curtin in-target --target=/target -- sh -c 'echo in-target > /etc/in-target-marker'\n"
                + "    - curtin in-target --target=/target -- usermod -a -G systemd-journal,adm tester\n"
                + "  user-data:\n"
                + "    write_files: [{path: /etc/written-by-cloud-init, content: \"hello from user-data\\n\"}]\n"
                + "    runcmd: ['echo \"runcmd ran as $(id -un) on $(hostname)\" > /var/tmp/runcmd-marker']\n";
    }

    private SSHClient connect(int port, Qemu qemu, Duration timeout) throws Exception {
        return GuestSsh.connect(port, qemu, key, timeout, Duration.ofSeconds(60));
    }

    /** Runs a shell command line over SSH; the guest may still be busy booting, so up to 3 minutes. */
    private static String run(SSHClient ssh, String command) throws java.io.IOException {
        return GuestSsh.run(ssh, command, Duration.ofMinutes(3));
    }

    private String publicKeyLine() {
        return GuestSsh.publicKeyLine(key);
    }
}
