package dev.pxelab.runtime.boot;

/** A target's CPU architecture, with the QEMU binary that emulates it and the package that ships that. */
public enum Architecture {
    X86_64("qemu-system-x86_64", "qemu-system-x86", "x86_64"),
    AARCH64("qemu-system-aarch64", "qemu-system-arm", "aarch64");

    private final String qemuBinary;
    private final String debianPackage;
    private final String unameMachine;

    Architecture(String qemuBinary, String debianPackage, String unameMachine) {
        this.qemuBinary = qemuBinary;
        this.debianPackage = debianPackage;
        this.unameMachine = unameMachine;
    }

    public String qemuBinary() {
        return qemuBinary;
    }

    public String debianPackage() {
        return qemuBinary + " (Debian package " + debianPackage + ")";
    }

    /** The architecture of the machine this JVM runs on, as {@code os.arch} names it. */
    public static Architecture ofHost(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> null;
        };
    }

    public String unameMachine() {
        return unameMachine;
    }
}
