package dev.pxelab.runtime.autoinstall;

import java.util.Locale;

/** What the file will be fed to, which decides how much of autoinstall is allowed. */
public enum ValidationProfile {
    /** Ubuntu's installer (subiquity), autoinstall version 1. */
    UBUNTU,
    /**
     * pxelab's hermetic test OS, {@code tiny} flavour: what it does with each section is its
     * contract (sections it cannot honour are errors, those without meaning in a lab warnings),
     * and its first boot applies only a subset of cloud-config.
     */
    PXELAB_TEST_OS("tiny"),
    /** pxelab's test OS, {@code debian} flavour: the same contract; its real cloud-init applies any user-data. */
    PXELAB_TEST_OS_DEBIAN("debian"),
    /**
     * Debian's installer (d-i): a preseed file rather than autoinstall, checked by
     * {@code dev.pxelab.runtime.preseed.PreseedValidator}.
     */
    DEBIAN_PRESEED;

    private final String testOsFlavour;

    ValidationProfile() {
        this(null);
    }

    ValidationProfile(String testOsFlavour) {
        this.testOsFlavour = testOsFlavour;
    }

    /** The test OS flavour this profile checks for, or null for Ubuntu's installer. */
    String testOsFlavour() {
        return testOsFlavour;
    }

    /** {@code ubuntu} / {@code pxelab-test-os}: the spelling of the command-line option. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ValidationProfile fromOptionName(String name) {
        for (ValidationProfile profile : values()) {
            if (profile.optionName().equals(name)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "': expected ubuntu, pxelab-test-os,"
                + " pxelab-test-os-debian or debian-preseed");
    }
}
