package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.qemu.Architecture;
import dev.pxelab.runtime.qemu.Firmware;
import java.util.Objects;

/**
 * One machine a lab boots, installs and hands over. Only the MAC is required.
 *
 * @param name      short name for logs and files (the hostname, else the MAC without colons)
 * @param hostname  the installed system's hostname (DHCP option 12, meta-data, identity), or null
 * @param address   a fixed address in the lab subnet, or null for the next free one
 * @param userData  this machine's user-data, or null for the lab's generic one
 * @param metaData  this machine's meta-data, or null to have it generated
 */
public record TargetConfig(MacAddress mac, String name, String hostname, String address, Document userData,
                           Document metaData, Firmware firmware, Architecture architecture, int memoryMib, int cpus,
                           String diskSize) {

    public TargetConfig {
        Objects.requireNonNull(mac, "mac");
        firmware = firmware == null ? Firmware.BIOS : firmware;
        architecture = architecture == null ? Architecture.X86_64 : architecture;
        if (name == null) {
            name = hostname != null ? hostname : mac.value().replace(":", "");
        }
    }

    public static Builder builder(String mac) {
        return new Builder(MacAddress.of(mac));
    }

    public static final class Builder {
        private final MacAddress mac;
        private String name;
        private String hostname;
        private String address;
        private Document userData;
        private Document metaData;
        private Firmware firmware = Firmware.BIOS;
        private Architecture architecture = Architecture.X86_64;
        private int memoryMib = 512;
        private int cpus = 1;
        private String diskSize = "1G";

        private Builder(MacAddress mac) {
            this.mac = mac;
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
            this.firmware = firmware;
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
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

        public TargetConfig build() {
            return new TargetConfig(mac, name, hostname, address, userData, metaData, firmware, architecture,
                    memoryMib, cpus, diskSize);
        }
    }
}
