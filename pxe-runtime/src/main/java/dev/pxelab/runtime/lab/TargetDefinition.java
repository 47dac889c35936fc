package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.boot.Installer;
import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.net.MacAddress;
import java.util.Objects;

/**
 * One target of a {@link LabDefinition}: the machine, and what the lab serves it. Only the MAC is
 * required; everything left out comes from the lab.
 *
 * @param machine       the hardware (MAC, firmware, architecture, memory, CPUs, disk); its name,
 *                      used for logs and files, is the hostname, else the MAC without colons
 * @param hostname      the installed system's hostname (DHCP option 12, meta-data, identity), or null
 * @param address       a fixed address in the lab subnet, or null for the next free one
 * @param userData      this target's user-data, or null for the lab's generic one
 * @param metaData      this target's meta-data, or null to have it generated
 * @param vendorData    this target's vendor-data, or null for the lab's
 * @param networkConfig this target's network-config, or null for the lab's
 * @param installer     what installs this target, or null for the lab's installer
 */
public record TargetDefinition(MachineSpec machine, String hostname, String address, Document userData,
                               Document metaData, Document vendorData, Document networkConfig,
                               Installer installer) {

    public TargetDefinition {
        Objects.requireNonNull(machine, "machine");
    }

    public MacAddress mac() {
        return machine.mac();
    }

    public String name() {
        return machine.name();
    }

    public static Builder builder(String mac) {
        return new Builder(MacAddress.of(mac));
    }

    public static Builder builder(MacAddress mac) {
        return new Builder(mac);
    }

    public static final class Builder {
        private final MacAddress mac;
        private final MachineSpec.Builder machine;
        private String name;
        private String hostname;
        private String address;
        private Document userData;
        private Document metaData;
        private Document vendorData;
        private Document networkConfig;
        private Installer installer;

        private Builder(MacAddress mac) {
            this.mac = mac;
            this.machine = MachineSpec.builder(mac).memoryMib(512).diskSize("1G");
        }

        /** The name for logs and files; by default the hostname, else the MAC without colons. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder userData(Document userData) {
            this.userData = userData;
            return this;
        }

        public Builder metaData(Document metaData) {
            this.metaData = metaData;
            return this;
        }

        public Builder vendorData(Document vendorData) {
            this.vendorData = vendorData;
            return this;
        }

        public Builder networkConfig(Document networkConfig) {
            this.networkConfig = networkConfig;
            return this;
        }

        /** Installs this target with another installer than the lab's. */
        public Builder installer(Installer installer) {
            this.installer = installer;
            return this;
        }

        public Builder firmware(Firmware firmware) {
            machine.firmware(firmware);
            return this;
        }

        public Builder architecture(Architecture architecture) {
            machine.architecture(architecture);
            return this;
        }

        public Builder memoryMib(int memoryMib) {
            machine.memoryMib(memoryMib);
            return this;
        }

        public Builder cpus(int cpus) {
            machine.cpus(cpus);
            return this;
        }

        public Builder diskSize(String diskSize) {
            machine.diskSize(diskSize);
            return this;
        }

        /** x86_64 UEFI: false disables the NIC's iPXE ROM, so the firmware's own PXE loads the boot file. */
        public Builder nicRom(boolean nicRom) {
            machine.nicRom(nicRom);
            return this;
        }

        public TargetDefinition build() {
            machine.name(name != null ? name : hostname != null ? hostname : mac.value().replace(":", ""));
            return new TargetDefinition(machine.build(), hostname, address, userData, metaData, vendorData,
                    networkConfig, installer);
        }
    }
}
