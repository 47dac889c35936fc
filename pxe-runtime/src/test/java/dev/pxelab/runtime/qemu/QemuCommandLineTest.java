package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {

    private static final MacAddress MAC = MacAddress.of("52:54:00:00:00:11");
    private static final QemuCommandLine.TargetFiles FILES = new QemuCommandLine.TargetFiles(
            Path.of("/w/vm/disk.qcow2"), Path.of("/w/vm/uefi-vars.fd"), Path.of("/w/vm.log"), Path.of("/w/vm/qmp.sock"));
    private static final Path ROM = Path.of("/usr/lib/ipxe/qemu/efi-virtio.rom");

    private static String line(MachineSpec spec, FirmwareFiles firmware, Accelerator accel) {
        return String.join(" ", new QemuCommandLine(spec, firmware, accel, "pxl1t1", FILES).arguments());
    }

    @Test
    void x86BiosBootsFromTheNicsIpxeRomFirstAndTheDiskSecond() {
        MachineSpec spec = MachineSpec.builder(MAC).name("web").build();
        String line = line(spec, new FirmwareFiles(Path.of("/usr/bin/qemu-system-x86_64"), null, null, ROM), Accelerator.TCG);

        assertThat(line).startsWith("/usr/bin/qemu-system-x86_64 -name web -nodefaults -no-user-config -display none"
                + " -machine q35,graphics=off -accel tcg -cpu qemu64 -m 1024 -smp 1 ")
                .contains(" -netdev tap,id=net0,ifname=pxl1t1,script=no,downscript=no ")
                .contains(" -device virtio-net-pci,netdev=net0,mac=52:54:00:00:00:11,addr=0x1,bootindex=1 ")
                .contains(" -drive if=none,id=disk0,format=qcow2,cache=unsafe,discard=unmap,file=/w/vm/disk.qcow2"
                        + " -device virtio-blk-pci,drive=disk0,bootindex=2 ")
                .contains(" -boot order=n,menu=off ")
                .contains(" -chardev file,id=console,path=/w/vm.log,append=on -serial chardev:console ")
                .endsWith(" -qmp unix:/w/vm/qmp.sock,server=on,wait=off")
                .doesNotContain("pflash");
    }

    @Test
    void x86UefiThroughTheIpxeRomHasOvmfAndAPerTargetVariableStore() {
        MachineSpec spec = MachineSpec.builder(MAC).name("web").firmware(Firmware.UEFI).build();
        String line = line(spec, new FirmwareFiles(Path.of("/usr/bin/qemu-system-x86_64"),
                Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"), ROM), Accelerator.TCG);

        assertThat(line).contains(" -drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
                        + " -drive if=pflash,format=raw,unit=1,file=/w/vm/uefi-vars.fd ")
                .contains(" -fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=n ")
                .contains(",bootindex=1 ")
                .doesNotContain("OVMF_VARS")
                .doesNotContain("romfile");
    }

    @Test
    void x86UefiThroughEdk2PxeDisablesTheNicRom() {
        MachineSpec spec = MachineSpec.builder(MAC).name("web").firmware(Firmware.UEFI).nicRom(false).build();
        String line = line(spec, new FirmwareFiles(Path.of("/usr/bin/qemu-system-x86_64"),
                Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"), null), Accelerator.TCG);

        assertThat(line).contains(" -device virtio-net-pci,netdev=net0,mac=52:54:00:00:00:11,addr=0x1,bootindex=1,romfile= ");
    }

    @Test
    void aarch64UefiRunsTheVirtMachineWithAavmfAndACheapCpuUnderTcg() {
        MachineSpec spec = MachineSpec.builder(MAC).name("arm").architecture(Architecture.AARCH64).build();
        String line = line(spec, new FirmwareFiles(Path.of("/usr/bin/qemu-system-aarch64"),
                Path.of("/usr/share/AAVMF/AAVMF_CODE.fd"), Path.of("/usr/share/AAVMF/AAVMF_VARS.fd"), null), Accelerator.TCG);

        assertThat(line).startsWith("/usr/bin/qemu-system-aarch64 ")
                .contains(" -machine virt -accel tcg -cpu cortex-a57 ")
                .contains(" -drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd")
                .contains(",bootindex=1,romfile= ");
    }

    @Test
    void kvmUsesTheHostCpu() {
        MachineSpec spec = MachineSpec.builder(MAC).name("web").memoryMib(2048).cpus(2).build();
        String line = line(spec, new FirmwareFiles(Path.of("/usr/bin/qemu-system-x86_64"), null, null, ROM), Accelerator.KVM);

        assertThat(line).contains(" -accel kvm -cpu host -m 2048 -smp 2 ");
    }

    @Test
    void extraArgumentsComeLastSoTheyCanOverrideDefaults() {
        MachineSpec spec = MachineSpec.builder(MAC).name("web").extraArgs("-accel", "tcg,tb-size=512").build();
        List<String> args = new QemuCommandLine(spec, new FirmwareFiles(Path.of("/q"), null, null, ROM), Accelerator.TCG,
                "t", FILES).arguments();

        assertThat(args.subList(args.size() - 2, args.size())).containsExactly("-accel", "tcg,tb-size=512");
    }
}
