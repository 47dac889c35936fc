package dev.pxelab.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit Jupiter versions pxelab supports: 5.10 through 6.x (CI runs the extension's tests on
 * 5.10, 5.12, 5.14 and 6). An older one is refused before any machine boots, naming the version
 * found and the one needed, rather than failing halfway with a missing method.
 */
final class SupportedJUnit {

    static final int MAJOR = 5;
    static final int MINOR = 10;

    private SupportedJUnit() {
    }

    /** Checks the Jupiter API on the class path (its jar's manifest version). */
    static void require() {
        require(ExtensionContext.class.getPackage().getImplementationVersion());
    }

    /** @param version e.g. {@code 5.12.2}; null (no manifest, e.g. a repackaged JUnit) passes */
    static void require(String version) {
        if (version != null && !atLeast(version)) {
            throw new ExtensionConfigurationException("pxelab needs JUnit Jupiter " + MAJOR + "." + MINOR
                    + " or newer (5.10 to 6.x are tested), but this run has " + version + ": use a newer"
                    + " org.junit:junit-bom (or junit-jupiter) in the test dependencies");
        }
    }

    static boolean atLeast(String version) {
        String[] parts = version.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > MAJOR || major == MAJOR && minor >= MINOR;
        } catch (NumberFormatException e) {
            return true; // not a version we can read: do not stand in the way
        }
    }
}
