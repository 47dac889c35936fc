package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.provision.Host;
import java.net.Inet4Address;

// MERGE-TODO: replace with the net package's single IPv4 parser once http-dedupe lands.
final class LabAddresses {
    private LabAddresses() {
    }

    static Inet4Address ipv4(String what, String text) {
        return Host.builder("00:00:00:00:00:01").address(text).build().address();
    }
}
