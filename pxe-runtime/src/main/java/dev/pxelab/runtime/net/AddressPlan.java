package dev.pxelab.runtime.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands out non-overlapping subnets to the labs of one JVM, so that several labs can run side by
 * side: 192.168.105.0/24 first, then 192.168.106.0/24, and so on. A subnet a lab asked for
 * explicitly is reserved too, so automatic allocation steps around it.
 */
public final class AddressPlan {

    /** The plan all labs of this JVM share unless a config brings its own subnet. */
    static final AddressPlan SHARED = new AddressPlan(Ipv4Subnet.parse("192.168.105.0/24"), 64);

    private final Ipv4Subnet first;
    private final int capacity;
    private final List<Ipv4Subnet> inUse = new ArrayList<>();

    /** A plan of {@code capacity} subnets the size of {@code first}, starting at {@code first}. */
    public AddressPlan(Ipv4Subnet first, int capacity) {
        this.first = first;
        this.capacity = capacity;
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
}
