package dev.pxelab.runtime.qemu;

/** How QEMU runs the guest's CPU. */
public enum Accelerator {
    /** Hardware virtualisation: 5-20x faster, only when the CPU and /dev/kvm really allow it. */
    KVM,
    /** QEMU's software emulation: works everywhere, slow. */
    TCG
}
