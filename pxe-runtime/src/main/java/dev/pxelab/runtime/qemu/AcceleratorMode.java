package dev.pxelab.runtime.qemu;

/** Which accelerator a {@link QemuBackend} asks for; what it gets is an {@link AcceleratorChoice}. */
public enum AcceleratorMode {
    /**
     * KVM where the host really runs KVM guests (CPU flags, /dev/kvm and a short probe agree), TCG
     * everywhere else: the default.
     */
    AUTO,
    /** KVM or nothing: a host without a usable /dev/kvm fails the lab before it starts, saying why. */
    KVM,
    /** TCG even where KVM works, e.g. to see how a lab fares on a CI runner without KVM. */
    TCG
}
