package dev.pxelab.runtime.http;

/**
 * The firmware a target boots with, as far as the provisioner knows it. It decides how an
 * installed machine is sent to its local disk: BIOS iPXE can {@code sanboot} the first disk,
 * UEFI firmware is told to go on to its next boot option instead.
 */
public enum Firmware {
    BIOS,
    UEFI,
    /** Not known (yet): treated like UEFI, because {@code exit} is harmless on either firmware. */
    UNKNOWN
}
