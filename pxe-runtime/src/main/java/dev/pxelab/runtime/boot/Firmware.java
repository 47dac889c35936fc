package dev.pxelab.runtime.boot;

/**
 * What a machine boots with: the one firmware type of the project. The machine backend starts it,
 * the provisioner's DHCP server recognises it from the client's architecture option, and the boot
 * script of an installed host depends on it. Where the provisioner does not know a host's firmware
 * (a host of a lab file that does not say), the value is {@code null} and scripts take the path
 * that is safe on both.
 */
public enum Firmware {
    /** SeaBIOS; the NIC's iPXE option ROM does the network boot. x86_64 only. */
    BIOS,
    /** OVMF (x86_64) or AAVMF (aarch64), with a per-target copy of the UEFI variables. */
    UEFI
}
