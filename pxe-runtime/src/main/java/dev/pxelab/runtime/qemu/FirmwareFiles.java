package dev.pxelab.runtime.qemu;

import java.nio.file.Path;

/**
 * The host files a target boots with.
 *
 * @param qemu         the QEMU system emulator
 * @param code         UEFI code flash (read-only), or null for BIOS (QEMU's built-in SeaBIOS)
 * @param varsTemplate UEFI variable store to copy per target, or null for BIOS
 * @param nicRom       the NIC's iPXE option ROM, or null when the ROM is disabled
 */
record FirmwareFiles(Path qemu, Path code, Path varsTemplate, Path nicRom) {
}
