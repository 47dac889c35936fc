package dev.pxelab.runtime.net;

/**
 * A tap interface attached to a lab bridge, reserved for one target: QEMU opens it by
 * {@link #name()} ({@code -netdev tap,ifname=NAME,script=no,downscript=no}) and the guest's NIC
 * carries {@link #mac()}. It disappears when its lab network closes.
 *
 * @param name   the tap's interface name
 * @param mac    the MAC of the target that uses this tap
 * @param bridge the lab bridge it is attached to
 */
public record TapDevice(String name, MacAddress mac, String bridge) {
}
