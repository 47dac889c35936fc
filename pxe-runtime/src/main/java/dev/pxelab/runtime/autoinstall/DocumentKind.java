package dev.pxelab.runtime.autoinstall;

/** What a validated file turned out to be. */
public enum DocumentKind {
    /** {@code #cloud-config} with an {@code autoinstall:} section: what the installer fetches over NoCloud. */
    CLOUD_CONFIG_WITH_AUTOINSTALL,
    /** An autoinstall file without the {@code #cloud-config} header, wrapped in {@code autoinstall:} (autoinstall.yaml on the ISO). */
    AUTOINSTALL_FILE,
    /** The autoinstall keys at the top level, {@code version: 1} first-class (autoinstall.yaml on the ISO). */
    BARE_AUTOINSTALL,
    /** {@code #cloud-config} without {@code autoinstall:}: configures an installed system, installs nothing. */
    PLAIN_CLOUD_CONFIG,
    /** A Debian installer preseed file (lines of {@code owner question type value}). */
    DEBIAN_PRESEED,
    /** Not parseable, empty, or none of the above. */
    UNRECOGNISED
}
