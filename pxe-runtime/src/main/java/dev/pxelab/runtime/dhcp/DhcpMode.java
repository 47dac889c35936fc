package dev.pxelab.runtime.dhcp;

/** What the DHCP server does on its segment. */
public enum DhcpMode {

    /** Addresses and boot information: the segment's only DHCP server (a lab's own bridge). */
    SERVER,

    /**
     * Proxy DHCP (PXE specification 2.1, as dnsmasq's {@code dhcp-range=...,proxy} and pixiecore):
     * another server on the segment gives the addresses; this one answers only the PXE clients it
     * knows, with boot information and no address, on port 67 and on the boot server port 4011.
     */
    PROXY
}
