package dev.pxelab.runtime.boot;

import dev.pxelab.runtime.autoinstall.AutoinstallValidator;
import dev.pxelab.runtime.autoinstall.ValidationProfile;

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
    DEBIAN("debian-rootfs.tar"),
    /**
     * The smallest flavour that honours each target's user-data ({@link #smallestHonouring}): tiny,
     * unless the user-data needs what only the debian one honours (locale, network, packages...).
     */
    AUTO(null);

    private final String image;

    TestOs(String image) {
        this.image = image;
    }

    /** The image's file name in the build's {@code x86_64/} folder (none for {@link #AUTO}). */
    public String image() {
        if (this == AUTO) {
            throw new IllegalStateException("AUTO is not an image: it is resolved per user-data (smallestHonouring)");
        }
        return image;
    }

    /**
     * TINY when its contract accepts {@code userData}, else DEBIAN when that one finds fewer problems
     * in it: a config that is broken either way keeps the fast image and its validation errors.
     */
    public static TestOs smallestHonouring(String origin, String userData) {
        int tiny = problems(ValidationProfile.PXELAB_TEST_OS, origin, userData);
        if (tiny == 0) {
            return TINY;
        }
        return problems(ValidationProfile.PXELAB_TEST_OS_DEBIAN, origin, userData) < tiny ? DEBIAN : TINY;
    }

    private static int problems(ValidationProfile profile, String origin, String userData) {
        return AutoinstallValidator.forProfile(profile).validate(origin, userData).errors().size();
    }
}
