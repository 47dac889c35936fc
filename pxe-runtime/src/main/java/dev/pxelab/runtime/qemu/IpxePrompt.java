package dev.pxelab.runtime.qemu;

/** What a QEMU machine does when iPXE offers its command line ("Press Ctrl-B ..."). */
public enum IpxePrompt {
    /**
     * Presses a key at once, so the boot goes on without iPXE's 2 s wait (twice per BIOS boot, and
     * the largest single wait under TCG): the default. See {@link IpxePromptSkipper}.
     */
    SKIP,
    /** Leaves the prompt alone, for a person who wants to press Ctrl-B and reach iPXE's shell. */
    WAIT
}
