package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** iPXE scripts and GRUB configs per MAC, fetched with curl from a running server. */
class BootScriptTest {

    static final MacAddress WEB = MacAddress.of("52:54:00:ab:cd:11");
    static final BootProfile UBUNTU = new BootProfile("ubuntu", "ubuntu/vmlinuz", List.of("ubuntu/initrd"),
            "autoinstall ds=nocloud-net;s=http://${server}/${mac}/ ip=dhcp hostname=${hostname} console=ttyS0");

    @TempDir static Path work;
    static RunningServer http;

    @BeforeAll
    static void start() {
        http = new RunningServer(work, null);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @BeforeEach
    void reset() {
        http.lab.hosts.clear();
        http.events.clear();
    }

    static HostBoot web(boolean installed, Firmware firmware) {
        return new HostBoot(WEB, "web-1", "192.168.105.11", installed, 1, firmware, UBUNTU, null);
    }

    @Test
    void aHostToInstallGetsKernelInitrdAndTheTemplatedCommandLine() throws Exception {
        http.lab.put(web(false, Firmware.BIOS));

        Curl.Response script = http.get("/52:54:00:ab:cd:11/boot.ipxe");

        assertThat(script.status()).isEqualTo(200);
        String server = http.server();
        assertThat(script.text()).startsWith("#!ipxe\n").contains(
                "kernel http://" + server + "/assets/ubuntu/vmlinuz initrd=initrd0 autoinstall"
                        + " ds=nocloud-net;s=http://" + server + "/52:54:00:ab:cd:11/ ip=dhcp hostname=web-1"
                        + " console=ttyS0 || goto failed\n",
                "initrd --name initrd0 http://" + server + "/assets/ubuntu/initrd || goto failed\n",
                "boot || goto failed\n",
                "echo pxelab: installing web-1 (52:54:00:ab:cd:11)");
    }

    @Test
    void theMacMayBeSpelledWithHyphensAndUpperCase() throws Exception {
        http.lab.put(web(false, Firmware.BIOS));

        Curl.Response script = http.get("/52-54-00-AB-CD-11/boot.ipxe");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.text()).contains("s=http://" + http.server() + "/52:54:00:ab:cd:11/");
        assertThat(http.get("/52:54:00:AB:CD:11/boot.ipxe").text()).isEqualTo(script.text());
    }

    @Test
    void absoluteKernelUrlsAreKeptAndSeveralInitrdsAreNamed() throws Exception {
        BootProfile profile = new BootProfile("debian", "http://mirror.example/linux",
                List.of("http://mirror.example/initrd.gz", "extra/firmware.cpio"), "auto=true priority=critical");
        http.lab.put(new HostBoot(WEB, "web-1", null, false, 1, Firmware.UEFI, profile, null));

        String script = http.get("/52:54:00:ab:cd:11/boot.ipxe").text();

        assertThat(script).contains(
                "kernel http://mirror.example/linux initrd=initrd0 initrd=initrd1 auto=true priority=critical",
                "initrd --name initrd0 http://mirror.example/initrd.gz",
                "initrd --name initrd1 http://" + http.server() + "/assets/extra/firmware.cpio");
    }

    @Test
    void anInstalledBiosHostBootsItsFirstDisk() throws Exception {
        http.lab.put(web(true, Firmware.BIOS));

        Curl.Response script = http.get("/52:54:00:ab:cd:11/boot.ipxe");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.text()).contains("sanboot --no-describe --drive 0x80").doesNotContain("kernel");
    }

    @Test
    void anInstalledUefiOrUnknownFirmwareHostLeavesIpxeForTheNextBootOption() throws Exception {
        for (Firmware firmware : Arrays.asList(Firmware.UEFI, null)) {
            http.lab.put(web(true, firmware));

            String script = http.get("/52:54:00:ab:cd:11/boot.ipxe").text();

            assertThat(script).as(String.valueOf(firmware)).contains("is installed, leaving iPXE", "\nexit 1\n")
                    .doesNotContain("sanboot", "kernel");
        }
    }

    @Test
    void anInstalledUefiHostWhoseProfileKnowsItsLoaderStartsItFromTheDisk() throws Exception {
        BootProfile testOs = new BootProfile("test-os", "vmlinuz", List.of(), "", "file://ESP/EFI/BOOT/BOOTX64.EFI");
        http.lab.put(new HostBoot(WEB, "web-1", "192.168.105.11", true, 1, Firmware.UEFI, testOs, null));

        String script = http.get("/52:54:00:ab:cd:11/boot.ipxe").text();

        assertThat(script).contains("\nchain file://ESP/EFI/BOOT/BOOTX64.EFI || goto failed\n")
                .endsWith(":failed\necho pxelab: the installed boot loader did not start, leaving iPXE so the"
                        + " firmware boots the next option\nexit 1\n")
                .doesNotContain("kernel");
    }

    @Test
    void aUefiLoaderMustBeAnIpxeFileUri() {
        assertThatThrownBy(() -> new BootProfile("x", "vmlinuz", List.of(), "", "/EFI/BOOT/BOOTX64.EFI"))
                .hasMessage("boot profile 'x': uefiLoader must be an iPXE file: URI such as"
                        + " file://ESP-LABEL/EFI/BOOT/BOOTX64.EFI, got /EFI/BOOT/BOOTX64.EFI");
    }

    @Test
    void reinstallIsTheProvisionerFlippingInstalledBack() throws Exception {
        http.lab.put(web(true, Firmware.BIOS));
        assertThat(http.get("/52:54:00:ab:cd:11/boot.ipxe").text()).contains("sanboot");

        http.lab.put(web(false, Firmware.BIOS));

        assertThat(http.get("/52:54:00:ab:cd:11/boot.ipxe").text()).contains("kernel ").doesNotContain("sanboot");
    }

    @Test
    void theGenericScriptChainsThePerMacScript() throws Exception {
        Curl.Response script = http.get("/boot.ipxe");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.text()).startsWith("#!ipxe\n")
                .contains("chain http://" + http.server() + "/${netX/mac:hexhyp}/boot.ipxe || goto failed");
    }

    @Test
    void anUnknownMacGets404WithAScriptThatSaysWhyOnTheConsole() throws Exception {
        Curl.Response script = http.get("/52:54:00:99:99:99/boot.ipxe");

        assertThat(script.status()).isEqualTo(404);
        assertThat(script.text()).startsWith("#!ipxe\n")
                .contains("echo pxelab: MAC 52:54:00:99:99:99 is not a host of this lab\n", "exit 1");
    }

    @Test
    void aPlaceholderWithoutValueForThisHostAnswers500NamingIt() throws Exception {
        BootProfile needsAddress = new BootProfile("static", "vmlinuz", List.of(), "ip=${address}::192.168.105.1");
        http.lab.put(new HostBoot(WEB, "web-1", null, false, 1, Firmware.BIOS, needsAddress, null));

        Curl.Response script = http.get("/52:54:00:ab:cd:11/boot.ipxe");

        assertThat(script.status()).isEqualTo(500);
        assertThat(script.text()).contains("echo pxelab: cannot boot 52:54:00:ab:cd:11:"
                + " boot profile 'static' command line uses $ {address}, but it has no value here");
    }

    @Test
    void anUnknownPlaceholderIsRejectedWhenTheProfileIsMadeNamingIt() {
        assertThatThrownBy(() -> new BootProfile("ubuntu", "vmlinuz", List.of(),
                "autoinstall ds=nocloud-net;s=http://${server}/${macaddr}/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boot profile 'ubuntu' command line: unknown placeholder ${macaddr}")
                .hasMessageContaining("known: ${address}, ${hostname}, ${mac}, ${report-key}, ${server}");
        assertThatThrownBy(() -> new BootProfile("ubuntu", "${root}/vmlinuz", List.of(), ""))
                .hasMessageContaining("boot profile 'ubuntu' kernel: unknown placeholder ${root}");
        assertThatThrownBy(() -> new BootProfile("ubuntu", "vmlinuz", List.of("initrd-${mac"), ""))
                .hasMessageContaining("boot profile 'ubuntu' initrd #1: unterminated placeholder");
    }

    @Test
    void doubleDollarPassesIpxeVariablesThrough() throws Exception {
        BootProfile profile = new BootProfile("ipxe-vars", "vmlinuz", List.of(), "ip=$${net0/ip} mac=${mac}");
        http.lab.put(new HostBoot(WEB, null, null, false, 1, Firmware.BIOS, profile, null));

        assertThat(http.get("/52:54:00:ab:cd:11/boot.ipxe").text())
                .contains("vmlinuz ip=${net0/ip} mac=52:54:00:ab:cd:11 || goto failed");
    }

    /** B7: the test OS reports to testos.report=URL; the URL carries the host's key, or its reports are refused. */
    @Test
    void theReportKeyPlaceholderIsTheHostsOwnKeyAndGrubQuotesTheQuery() throws Exception {
        BootProfile profile = new BootProfile("test-os", "vmlinuz", List.of(),
                "testos.report=http://${server}/${mac}/events?key=${report-key}");
        http.lab.put(new HostBoot(WEB, null, null, false, 1, Firmware.BIOS, profile, null, "k-11"));

        assertThat(http.get("/52:54:00:ab:cd:11/boot.ipxe").text())
                .contains("testos.report=http://" + http.server() + "/52:54:00:ab:cd:11/events?key=k-11 ");
        assertThat(http.get("/52:54:00:ab:cd:11/grub.cfg").text())
                .contains("'testos.report=http://" + http.server() + "/52:54:00:ab:cd:11/events?key=k-11'");
    }

    @Test
    void grubGetsHttpPathsAndASemicolonQuotedCommandLine() throws Exception {
        http.lab.put(web(false, Firmware.UEFI));

        Curl.Response cfg = http.get("/52-54-00-AB-CD-11/grub.cfg");

        assertThat(cfg.status()).isEqualTo(200);
        String server = http.server();
        assertThat(cfg.text()).contains(
                "if linux (http," + server + ")/assets/ubuntu/vmlinuz autoinstall 'ds=nocloud-net;s=http://" + server
                        + "/52:54:00:ab:cd:11/' ip=dhcp hostname=web-1 console=ttyS0; then\n",
                "if initrd (http," + server + ")/assets/ubuntu/initrd; then\n",
                "set timeout=0");
    }

    @Test
    void grubTriesAFailedKernelOrInitrdFetchAgainRatherThanStoppingAtItsMenu() throws Exception {
        http.lab.put(web(false, Firmware.UEFI));

        String cfg = http.get("/52:54:00:ab:cd:11/grub.cfg").text();

        // GRUB 2.06's HTTP gives up on a lost segment; a busy lab lost one now and then
        assertThat(cfg).contains("for attempt in 1 2 3 4 5; do\n", "; then\n                boot\n",
                "loading the kernel and initrds failed (attempt ${attempt})");
        assertThat(grubScriptCheck(cfg)).isEqualTo("ok");
    }

    @Test
    void grubConfigsPassGrubsOwnSyntaxCheck() throws Exception {
        BootProfile awkward = new BootProfile("awkward", "vmlinuz", List.of("a.img", "b.img"),
                "ds=nocloud-net;s=http://${server}/${mac}/ note=it's $$HOME {x} a|b");
        http.lab.put(new HostBoot(WEB, "web-1", null, false, 1, Firmware.UEFI, awkward, null));
        String install = http.get("/52:54:00:ab:cd:11/grub.cfg").text();
        http.lab.put(web(true, Firmware.UEFI));
        String installed = http.get("/52:54:00:ab:cd:11/grub.cfg").text();
        String unknown = http.get("/52:54:00:99:99:99/grub.cfg").text();

        assertThat(install).contains(" 'note=it'\\''s' '$HOME' '{x}' 'a|b'; then\n");
        for (String cfg : List.of(install, installed, unknown)) {
            assertThat(grubScriptCheck(cfg)).as(cfg).isEqualTo("ok");
        }
        assertThat(grubScriptCheck("linux /vmlinuz 'unbalanced\n")).as("the checker itself").isNotEqualTo("ok");
    }

    /** Runs GRUB's grub-script-check on the config: "ok", or what it complained about. */
    private static String grubScriptCheck(String cfg) throws Exception {
        Path file = Files.createTempFile(work, "grub", ".cfg");
        Files.writeString(file, cfg);
        Process check = new ProcessBuilder("grub-script-check", file.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return check.waitFor() == 0 ? "ok" : output;
    }

    @Test
    void theGenericGrubConfigLoadsThePerMacOne() throws Exception {
        Curl.Response cfg = http.get("/grub/grub.cfg");

        assertThat(cfg.status()).isEqualTo(200);
        assertThat(cfg.text()).contains("configfile \"(http," + http.server() + ")/${net_default_mac}/grub.cfg\"\n");
        assertThat(grubScriptCheck(cfg.text())).isEqualTo("ok");
    }

    @Test
    void anInstalledHostsGrubConfigExitsToTheFirmware() throws Exception {
        http.lab.put(web(true, Firmware.UEFI));

        assertThat(http.get("/52:54:00:ab:cd:11/grub.cfg").text()).endsWith("\nexit\n").doesNotContain("linux ");
    }

    @Test
    void anInstalledHostsGrubConfigStartsTheLoaderOnTheLabelledDiskAndExitsWhenThatFails() throws Exception {
        BootProfile testOs = new BootProfile("test-os", "vmlinuz", List.of(), "", "file://TESTOS-ESP/EFI/BOOT/BOOTAA64.EFI");
        http.lab.put(new HostBoot(WEB, "web-1", "192.168.105.11", true, 1, Firmware.UEFI, testOs, null));

        String cfg = http.get("/52:54:00:ab:cd:11/grub.cfg").text();

        assertThat(cfg).contains("\nsearch --no-floppy --label --set=installed 'TESTOS-ESP'\n"
                        + "chainloader ($installed)/EFI/BOOT/BOOTAA64.EFI\nboot\n")
                .endsWith("leaving GRUB so the firmware boots the next option'\nexit\n").doesNotContain("linux ");
        assertThat(cfg.indexOf("insmod chain")).isLessThan(cfg.indexOf("chainloader"));
        assertThat(grubScriptCheck(cfg)).isEqualTo("ok");
    }

    @Test
    void everyAnsweredRequestIsAnHttpEventWithTheMacItNamed() throws Exception {
        http.lab.put(web(false, Firmware.BIOS));

        http.get("/52-54-00-AB-CD-11/boot.ipxe");
        http.get("/boot.ipxe");

        // Scripts and documents emit their event before the answer is written: no waiting needed.
        List<HttpEvent> events = http.events(HttpEvent.class).toList();
        assertThat(events).extracting(HttpEvent::mac, HttpEvent::method, HttpEvent::path, HttpEvent::status)
                .containsExactlyInAnyOrder(
                        tuple(WEB, "GET", "/52-54-00-AB-CD-11/boot.ipxe", 200),
                        tuple(null, "GET", "/boot.ipxe", 200));
        assertThat(events).allSatisfy(e -> assertThat(e.bytes()).isPositive());
    }
}
