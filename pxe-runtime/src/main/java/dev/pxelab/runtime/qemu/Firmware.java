package dev.pxelab.runtime.qemu;

/** What the target boots with. aarch64 targets are always {@link #UEFI}. */
public enum Firmware {
    /** SeaBIOS; the NIC's iPXE option ROM does the network boot. x86_64 only. */
    BIOS,
    /** OVMF (x86_64) or AAVMF (aarch64), with a per-target copy of the UEFI variables. */
    UEFI
}
