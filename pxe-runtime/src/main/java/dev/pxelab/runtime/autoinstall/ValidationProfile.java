package dev.pxelab.runtime.autoinstall;

import java.util.Locale;

/** What the file will be fed to, which decides how much of autoinstall is allowed. */
public enum ValidationProfile {
    /** Ubuntu's installer (subiquity), autoinstall version 1. */
    UBUNTU,
    /**
     * pxelab's hermetic test OS, which honours only version, identity, ssh (install-server,
     * authorized-keys, allow-pw), storage layout {@code direct}, early-commands, late-commands,
     * reporting webhooks, user-data and shutdown; everything else is an error with this profile.
     */
    PXELAB_TEST_OS;

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
        throw new IllegalArgumentException("unknown profile '" + name + "': expected ubuntu or pxelab-test-os");
    }
}
