package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.machine.MachineSpec;
import java.util.Objects;

/**
 * One machine a lab boots, installs and hands over: the QEMU machine, and what the lab serves it.
 * Only the MAC is required.
 *
 * @param machine   what QEMU emulates (MAC, firmware, architecture, memory, CPUs, disk); its name,
 *                  used for logs and files, is the hostname, else the MAC without colons
 * @param hostname  the installed system's hostname (DHCP option 12, meta-data, identity), or null
 * @param address   a fixed address in the lab subnet, or null for the next free one
 * @param userData  this machine's user-data, or null for the lab's generic one
 * @param metaData  this machine's meta-data, or null to have it generated
 */
public record TargetDefinition(MachineSpec machine, String hostname, String address, Document userData,
                           Document metaData) {

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

    public static final class Builder {
        private final MacAddress mac;
        private final MachineSpec.Builder machine;
        private String name;
        private String hostname;
        private String address;
        private Document userData;
        private Document metaData;

        private Builder(MacAddress mac) {
            this.mac = mac;
            this.machine = MachineSpec.builder(mac).memoryMib(512).diskSize("1G");
        }

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

        public TargetDefinition build() {
            machine.name(name != null ? name : hostname != null ? hostname : mac.value().replace(":", ""));
            return new TargetDefinition(machine.build(), hostname, address, userData, metaData);
        }
    }
}
