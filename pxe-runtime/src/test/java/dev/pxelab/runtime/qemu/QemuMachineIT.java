package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.boot.Firmware;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import dev.pxelab.runtime.event.HttpEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/** The lifecycle of a real QEMU process: QMP status, reset, power button, close, and disk boot. */
class QemuMachineIT {

    private static final MacAddress MAC = MacAddress.of("52:54:00:00:00:41");

    private static Path workDir(TestInfo info) throws IOException {
        Path dir = Path.of("target/pxelab/QemuMachineIT", info.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    @Test
    void answersQmpAndCloseEndsTheProcessAndRemovesTheTap(TestInfo info) throws Exception {
        Path work = workDir(info);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults())) {
            QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(MAC).name("life").build(), lab, work);
            long pid = vm.pid();

            assertThat(vm.isRunning()).isTrue();
            assertThat(vm.status()).isEqualTo("running");
            assertThat(lab.taps()).singleElement().satisfies(t -> assertThat(t.mac()).isEqualTo(MAC));
            assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().command())).hasValueSatisfying(
                    c -> assertThat(c).endsWith("qemu-system-x86_64"));
            assertThat(work.resolve("life/disk.qcow2")).exists();
            ConsoleWatch.await(vm, Pattern.compile("SeaBIOS"), Duration.ofSeconds(60));

            vm.reset();
            assertThat(vm.status()).isEqualTo("running");
            vm.powerOff(); // firmware ignores the ACPI button; QEMU must stay up and answer
            assertThat(vm.isRunning()).isTrue();

            vm.close();
            vm.close(); // idempotent

            assertThat(vm.isRunning()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            assertThat(lab.taps()).isEmpty();
            assertThat(vm.awaitOff(Duration.ofSeconds(1))).isTrue();
            assertThatThrownBy(vm::status).isInstanceOf(IOException.class);
        }
    }

    /** Off and on again: a new QEMU on the same disk and tap, its console and log continued. */
    @Test
    void powerOnStartsQemuAgainOnTheSameFiles(TestInfo info) throws Exception {
        Path work = workDir(info);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults())) {
            QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(MAC).name("cycle").build(), lab, work);
            ConsoleWatch.await(vm, Pattern.compile("SeaBIOS"), Duration.ofSeconds(60));
            long firstPid = vm.pid();
            Instant firstStart = vm.startedAt();
            assertThatThrownBy(vm::powerOn).isInstanceOf(IllegalStateException.class)
                    .hasMessage("target cycle (52:54:00:00:00:41) is on (QEMU PID " + firstPid
                            + "): power it off and wait for awaitOff, or reset() it");

            vm.forceOff();
            assertThat(vm.awaitOff(Duration.ofSeconds(1))).isTrue();
            assertThat(vm.isRunning()).isFalse();
            assertThat(lab.taps()).as("an off machine keeps its tap").hasSize(1);

            vm.powerOn();

            assertThat(vm.isRunning()).isTrue();
            assertThat(vm.pid()).isNotEqualTo(firstPid);
            assertThat(vm.startedAt()).isAfter(firstStart);
            assertThat(vm.status()).isEqualTo("running");
            ConsoleWatch.await(vm, Pattern.compile("(?s)SeaBIOS.*SeaBIOS"), Duration.ofSeconds(60));
            String qemuLog = Files.readString(vm.qemuLog());
            assertThat(qemuLog).containsOnlyOnce("--- powered on again at ");
            assertThat(qemuLog.split("setpriv --pdeathsig KILL", -1)).as("both command lines").hasSize(3);
            assertThat(vm.files()).containsExactly(work.resolve("cycle.log"), work.resolve("cycle"));

            vm.close();
            assertThat(lab.taps()).isEmpty();
            assertThatThrownBy(vm::powerOn).hasMessageContaining("is closed");
        }
    }

    @Test
    void uefiTargetsGetTheirOwnCopyOfTheVariableStore(TestInfo info) throws Exception {
        Path work = workDir(info);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults());
             QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(MAC).name("vars").firmware(Firmware.UEFI).build(),
                     lab, work)) {
            Path vars = work.resolve("vars/uefi-vars.fd");
            assertThat(vars).isRegularFile().isWritable();
            assertThat(Files.size(vars)).isEqualTo(Files.size(Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd")));
            assertThat(Files.readString(vm.qemuLog())).contains("file=" + vars);
        }
    }

    @Test
    void aStartFailureSaysWhatQemuSaid(TestInfo info) throws Exception {
        Path work = workDir(info);
        try (LabNetwork lab = LabNetwork.create(LabNetworkConfig.defaults())) {
            MachineSpec broken = MachineSpec.builder(MAC).name("broken").extraArgs("-no-such-option").build();

            assertThatThrownBy(() -> QemuBackend.defaults().start(broken, lab, work))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("QEMU for target broken (52:54:00:00:00:41) exited at once with code 1:")
                    .hasMessageContaining("-no-such-option");
            assertThat(lab.taps()).isEmpty();
        }
    }

    /**
     * The network comes first, the disk second: once the provisioner knows the host is installed,
     * its boot script hands over to the local disk, and SeaBIOS boots it.
     */
    @Test
    void theDiskBootsWhenTheProvisionerSaysTheHostIsInstalled(TestInfo info) throws Exception {
        Path work = workDir(info);
        writeBootSectorDisk(work.resolve("disk/disk.qcow2"), "pxelab-disk-booted");
        try (NetbootLab lab = NetbootLab.x86(LabNetworkConfig.defaults(), Host.builder(MAC.value()).hostname("disk")
                .firmware(Firmware.BIOS).build())) {
            lab.provisioner.markInstalled(MAC);
            try (QemuMachine vm = QemuBackend.defaults().start(MachineSpec.builder(MAC).name("disk").build(), lab.network, work)) {

                ConsoleWatch.await(vm, Pattern.compile("pxelab-disk-booted"), Duration.ofSeconds(120));

                String console = ConsoleWatch.text(vm.consoleLog());
                assertThat(console.indexOf("is installed, booting the first local disk")).as("network first")
                        .isPositive().isLessThan(console.indexOf("pxelab-disk-booted"));
                assertThat(lab.perMac(MAC, "boot.ipxe")).as("the script came from the provisioner").isPresent();
                assertThat(lab.provisioner.events()).as("no installer was fetched")
                        .noneMatch(e -> e instanceof HttpEvent h && h.path().startsWith("/assets/"));
            }
        }
    }

    /** A disk whose MBR boot sector writes {@code message} to COM1 and halts. */
    static void writeBootSectorDisk(Path qcow2, String message) throws Exception {
        byte[] sector = new byte[512];
        byte[] code = HexFormat.of().parseHex(
                "fa" + "31c0" + "8ed8" // cli; xor ax,ax; mov ds,ax
                + "be177c" // mov si, 0x7c17 (the message)
                + "baf803" // mov dx, 0x3f8 (COM1)
                + "ac" + "84c0" + "7403" + "ee" + "ebf8" // lodsb; test al,al; jz +3; out dx,al; jmp -8
                + "f4" + "ebfd" + "90"); // hlt; jmp -3; nop
        System.arraycopy(code, 0, sector, 0, code.length);
        byte[] text = (message + "\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, sector, 0x17, text.length);
        sector[510] = 0x55;
        sector[511] = (byte) 0xaa;
        Files.createDirectories(qcow2.getParent());
        Path raw = qcow2.resolveSibling("boot-sector.raw");
        Files.write(raw, sector);
        Process p = new ProcessBuilder("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(),
                qcow2.toString()).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("qemu-img convert").isTrue();
        Process resize = new ProcessBuilder(List.of("qemu-img", "resize", "-q", qcow2.toString(), "64M")).inheritIO().start();
        assertThat(resize.waitFor(30, TimeUnit.SECONDS) && resize.exitValue() == 0).as("qemu-img resize").isTrue();
    }
}
