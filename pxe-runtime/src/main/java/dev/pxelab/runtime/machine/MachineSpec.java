package dev.pxelab.runtime.machine;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.net.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One target machine: what QEMU emulates, how it boots, how big it is.
 *
 * <pre>{@code
 * MachineSpec spec = MachineSpec.builder(MacAddress.of("52:54:00:00:00:11"))
 *         .firmware(Firmware.UEFI).nicRom(false)   // EDK2's own PXE loads ipxe.efi over TFTP
 *         .memoryMib(1024).build();
 * }</pre>
 *
 * @param mac          the NIC's MAC, the target's identity in the lab
 * @param name         a short name for logs and files
 * @param architecture x86_64 or aarch64
 * @param firmware     BIOS (x86_64 only) or UEFI; null for a real machine whose firmware the lab
 *                     does not know (a host of a lab file), which no backend can start
 * @param nicRom       x86_64: whether the NIC's iPXE option ROM runs (true), or it is disabled so
 *                     that the firmware's own PXE does the network boot (UEFI only; BIOS needs it)
 * @param memoryMib    guest RAM
 * @param cpus         guest CPUs
 * @param diskSize     size of the qcow2 disk as qemu-img takes it, e.g. {@code 8G}
 * @param extraArgs    appended to QEMU's command line as given
 */
public record MachineSpec(MacAddress mac, String name, Architecture architecture, Firmware firmware, boolean nicRom,
                         int memoryMib, int cpus, String diskSize, List<String> extraArgs) {

    public MachineSpec {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(architecture, "architecture");
        extraArgs = List.copyOf(extraArgs);
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("target " + mac + ": name '" + name
                    + "' must be 1-40 characters of A-Z a-z 0-9 _ . - (it names files)");
        }
        if (architecture == Architecture.AARCH64 && firmware == Firmware.BIOS) {
            throw new IllegalArgumentException("target " + mac + ": aarch64 has no BIOS; use Firmware.UEFI");
        }
        if (firmware == Firmware.BIOS && !nicRom) {
            throw new IllegalArgumentException("target " + mac + ": a BIOS target network-boots through the NIC's"
                    + " iPXE ROM; it cannot be disabled (nicRom(false) is for UEFI)");
        }
        if (memoryMib < 128 || cpus < 1) {
            throw new IllegalArgumentException("target " + mac + ": needs at least 128 MiB and 1 CPU, got "
                    + memoryMib + " MiB and " + cpus);
        }
        if (!diskSize.matches("[1-9][0-9]*[KMGT]?")) {
            throw new IllegalArgumentException("target " + mac + ": disk size '" + diskSize
                    + "' is not a qemu-img size such as 8G or 512M");
        }
    }

    public static Builder builder(MacAddress mac) {
        return new Builder(mac);
    }

    public static final class Builder {
        private final MacAddress mac;
        private String name;
        private Architecture architecture = Architecture.X86_64;
        private Firmware firmware = Firmware.BIOS;
        private boolean nicRom = true;
        private int memoryMib = 1024;
        private int cpus = 1;
        private String diskSize = "8G";
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(MacAddress mac) {
            this.mac = mac;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            if (architecture == Architecture.AARCH64) {
                this.firmware = Firmware.UEFI;
            }
            return this;
        }

        public Builder firmware(Firmware firmware) {
            this.firmware = firmware;
            return this;
        }

        /** x86_64 UEFI: false disables the NIC's iPXE ROM, so EDK2's own PXE loads the boot file. */
        public Builder nicRom(boolean nicRom) {
            this.nicRom = nicRom;
            return this;
        }

        public Builder memoryMib(int memoryMib) {
            this.memoryMib = memoryMib;
            return this;
        }

        public Builder cpus(int cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder diskSize(String diskSize) {
            this.diskSize = diskSize;
            return this;
        }

        public Builder extraArgs(String... args) {
            this.extraArgs.addAll(List.of(args));
            return this;
        }

        public MachineSpec build() {
            String n = name != null ? name : "vm-" + mac.value().replace(":", "");
            return new MachineSpec(mac, n, architecture, firmware, nicRom, memoryMib, cpus, diskSize, extraArgs);
        }
    }
}
