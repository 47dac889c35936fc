package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.boot.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the QEMU command line for a target; pure, so every architecture/firmware/accelerator
 * combination is checked without starting QEMU.
 *
 * @param spec        the target
 * @param firmware    the host files it boots with
 * @param accelerator KVM or TCG
 * @param tapName     the lab tap its NIC is plugged into
 * @param files       where its disk, variables, console and QMP socket are
 */
record QemuCommandLine(MachineSpec spec, FirmwareFiles firmware, Accelerator accelerator, String tapName,
                       TargetFiles files) {

    /** Per-target files in the run's work folder. */
    record TargetFiles(Path disk, Path uefiVars, Path consoleLog, Path qmpSocket) {
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>();
        args.add(firmware.qemu().toString());
        args.addAll(List.of("-name", spec.name()));
        // No default devices (VGA, floppy, CD, parallel port, default NIC), no window, no config
        // files of the host: the machine is exactly what this line says.
        args.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none"));
        args.addAll(List.of("-machine", machine()));
        args.addAll(List.of("-accel", accelerator == Accelerator.KVM ? "kvm" : "tcg"));
        args.addAll(List.of("-cpu", cpu()));
        args.addAll(List.of("-m", Integer.toString(spec.memoryMib()), "-smp", Integer.toString(spec.cpus())));
        if (firmware.code() != null) {
            args.addAll(List.of("-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + firmware.code()));
            args.addAll(List.of("-drive", "if=pflash,format=raw,unit=1,file=" + files.uefiVars()));
            // The lab has no IPv6 boot service: without these options the firmware spends tens of
            // seconds on PXEv6 before it reaches the disk of an installed machine.
            args.addAll(List.of("-fw_cfg", "name=opt/org.tianocore/IPv6PXESupport,string=n"));
        }
        args.addAll(List.of("-netdev", "tap,id=net0,ifname=" + tapName + ",script=no,downscript=no"));
        // bootindex puts the NIC first in the firmware's boot order (SeaBIOS and OVMF/AAVMF read it
        // from fw_cfg); the disk is second, so an installed system boots when the network declines.
        // addr: PCI slot 1 of bus 0, so an installed system names the NIC enp0s1, the name the
        // seed plan's sample netplan uses (QemuBackend.NIC_NAME).
        String nic = "virtio-net-pci,netdev=net0,mac=" + spec.mac() + ",addr=0x1,bootindex=1";
        // The ROM wanted is QEMU's default (ipxe-qemu's efi-virtio.rom). Naming it, even by the
        // same name, makes SeaBIOS skip it here (QEMU 7.2); "romfile=" empty disables it.
        if (firmware.nicRom() == null) {
            nic += ",romfile=";
        }
        args.addAll(List.of("-device", nic));
        // cache=unsafe: a lab disk is thrown away after the run; flushes only cost install time.
        args.addAll(List.of("-drive", "if=none,id=disk0,format=qcow2,cache=unsafe,discard=unmap,file=" + files.disk()));
        args.addAll(List.of("-device", "virtio-blk-pci,drive=disk0,bootindex=2"));
        args.addAll(List.of("-boot", "order=n,menu=off"));
        // append: a machine powered on again continues its console instead of erasing what the
        // earlier boots printed (QEMU truncates a chardev file otherwise).
        args.addAll(List.of("-chardev", "file,id=console,path=" + files.consoleLog() + ",append=on",
                "-serial", "chardev:console"));
        args.addAll(List.of("-qmp", "unix:" + files.qmpSocket() + ",server=on,wait=off"));
        args.addAll(spec.extraArgs());
        return List.copyOf(args);
    }

    private String machine() {
        // graphics=off: there is no display, so SeaBIOS (and the iPXE ROM through it) print to
        // the serial console, where logs and boot timings can see them.
        return spec.architecture() == Architecture.X86_64 ? "q35,graphics=off" : "virt";
    }

    private String cpu() {
        if (accelerator == Accelerator.KVM) {
            return "host";
        }
        // Under TCG: x86's default model is the cheapest to emulate; for arm64 "max" would turn on
        // pointer authentication, whose emulation is slow.
        return spec.architecture() == Architecture.X86_64 ? "qemu64" : "cortex-a57";
    }
}
