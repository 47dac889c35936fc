package dev.pxelab.runtime.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the labs of one JVM hold in its network namespace: their subnets, handed out without overlap
 * (192.168.105.0/24 first, then 192.168.106.0/24, and so on; a subnet a lab asked for explicitly is
 * reserved too, so automatic allocation steps around it), the interfaces they created (which the
 * guard against real networks must not take for the host's), and the lab numbers those interfaces are
 * named after.
 *
 * <p>{@link #jvmWide()} is the one deliberately JVM-wide object of pxelab's network code: the labs
 * of a JVM share its network namespace, so they must share one plan, or their subnets would
 * overlap, their interface names collide, and each lab would take the others' interfaces for
 * foreign ones. {@link LabNetworkConfig} uses it unless given another plan.
 */
public final class AddressPlan {

    private static final AddressPlan JVM_WIDE = new AddressPlan(Ipv4Subnet.parse("192.168.105.0/24"), 64);

    private final Ipv4Subnet first;
    private final int capacity;
    private final List<Ipv4Subnet> inUse = new ArrayList<>();
    private final Set<String> ownInterfaces = ConcurrentHashMap.newKeySet();
    private final AtomicInteger labNumbers = new AtomicInteger();

    /**
     * A plan of {@code capacity} subnets the size of {@code first}, starting at {@code first}. Labs
     * on different plans know nothing of each other: give every lab of a JVM the same plan.
     */
    public AddressPlan(Ipv4Subnet first, int capacity) {
        this.first = first;
        this.capacity = capacity;
    }

    /** The plan of this JVM's network namespace: 64 /24 subnets from 192.168.105.0/24 on. */
    public static AddressPlan jvmWide() {
        return JVM_WIDE;
    }

    /** The first free subnet of this plan, now reserved until {@link #release(Ipv4Subnet)}. */
    public synchronized Ipv4Subnet allocate() {
        Ipv4Subnet candidate = first;
        for (int i = 0; i < capacity; i++, candidate = candidate.next()) {
            Ipv4Subnet c = candidate;
            if (inUse.stream().noneMatch(c::overlaps)) {
                inUse.add(c);
                return c;
            }
        }
        throw new IllegalStateException("address plan exhausted: all " + capacity + " subnets from " + first
                + " are in use by labs of this JVM; close some labs or configure a subnet explicitly");
    }

    /** Reserves a subnet a lab was configured with; fails when another lab of this JVM overlaps it. */
    public synchronized void reserve(Ipv4Subnet subnet) {
        for (Ipv4Subnet used : inUse) {
            if (used.overlaps(subnet)) {
                throw new IllegalStateException("subnet " + subnet + " overlaps " + used
                        + ", which another lab network of this JVM uses");
            }
        }
        inUse.add(subnet);
    }

    public synchronized void release(Ipv4Subnet subnet) {
        inUse.remove(subnet);
    }

    /** A number no other lab of this plan had: it names the lab's bridge and taps. */
    int nextLabNumber() {
        return labNumbers.incrementAndGet();
    }

    /** Notes an interface a lab is about to create, before it exists, so that no guard sees it as foreign. */
    void claimInterface(String name) {
        ownInterfaces.add(name);
    }

    void releaseInterface(String name) {
        ownInterfaces.remove(name);
    }

    boolean ownsInterface(String name) {
        return ownInterfaces.contains(name);
    }

    @Override
    public String toString() {
        return "AddressPlan[" + capacity + " subnets from " + first + (this == JVM_WIDE ? ", JVM-wide]" : "]");
    }
}
