package dev.pxelab.runtime.dhcp;

import java.net.Inet4Address;
import java.util.Objects;

/** An inclusive range of addresses handed out to MACs that have no static lease. */
public record AddressPool(Inet4Address first, Inet4Address last) {

    public AddressPool {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (Ip4.toInt(first) - Integer.MIN_VALUE > Ip4.toInt(last) - Integer.MIN_VALUE) {
            throw new IllegalArgumentException("address pool " + first.getHostAddress() + "-" + last.getHostAddress()
                    + " is empty: the first address comes after the last");
        }
    }

    public boolean contains(Inet4Address a) {
        long v = Ip4.unsigned(a);
        return v >= Ip4.unsigned(first) && v <= Ip4.unsigned(last);
    }

    long size() {
        return Ip4.unsigned(last) - Ip4.unsigned(first) + 1;
    }

    @Override
    public String toString() {
        return first.getHostAddress() + "-" + last.getHostAddress();
    }
}
