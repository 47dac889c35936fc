package dev.pxelab.runtime.autoinstall;

import java.util.Locale;

/** How bad a {@link Problem} is: an error makes a file invalid, a warning does not. */
public enum Severity {
    /** The installer would reject the file, or do something other than what it says. */
    ERROR,
    /** Valid, but probably not what was meant (an unknown key, password login nobody can use, ...). */
    WARNING;

    /** {@code error} / {@code warning}: the word compiler-style log lines use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
