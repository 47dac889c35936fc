package dev.pxelab.runtime.boot;

/**
 * Which system pxelab's own hermetic installer puts on a target's disk. Both are built from
 * Debian packages by the {@code assets} module; see {@link TestOsInstaller}.
 */
public enum TestOs {
    /** busybox and dropbear with a minimal first-boot applier of the user-data; fast, always built. */
    TINY("tiny-rootfs.tar"),
    /**
     * Debian 12 with systemd, OpenSSH and cloud-init, which runs the user-data's {@code user-data}
     * section on first boot; built with the assets module's {@code -Ppxelab-debian} (as root).
     */
    DEBIAN("debian-rootfs.tar");

    private final String image;

    TestOs(String image) {
        this.image = image;
    }

    /** The image's file name in the build's {@code x86_64/} folder. */
    public String image() {
        return image;
    }
}
