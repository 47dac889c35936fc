package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who has which address: static leases never change; pool addresses are bound to a MAC when
 * offered (briefly, {@link DhcpServerConfig#offerHold()}) and acknowledged (for the lease time),
 * and come back when released or expired. A client the server has no record of gets no address
 * by asking for one directly (INIT-REBOOT, RENEWING): only an offer starts a lease, so that one
 * packet cannot take a pool address for a whole lease time.
 * Used from the server's single receive thread; synchronized for readers such as tests and stats.
 */
final class Leases {

    /** How long an address a client declined (found in use) is kept out of the pool. */
    static final Duration DECLINE_HOLD = Duration.ofMinutes(10);

    /**
     * @param mac     who has the address; null while a declined address is kept out of the pool
     * @param offered true while the address is only offered, not yet acknowledged
     */
    private record Binding(MacAddress mac, Instant expires, boolean offered) {

        boolean of(MacAddress who) {
            return who.equals(mac);
        }
    }

    private final Map<MacAddress, StaticLease> statics = new HashMap<>();
    private final Map<Inet4Address, StaticLease> staticByAddress = new HashMap<>();
    private final AddressPool pool;
    private final Duration leaseTime;
    private final Duration offerHold;
    private final Map<Long, Binding> bound = new HashMap<>();
    private final Map<MacAddress, Long> byMac = new HashMap<>();
    private long cursor;

    Leases(DhcpServerConfig config) {
        for (StaticLease lease : config.staticLeases()) {
            statics.put(lease.mac(), lease);
            staticByAddress.put(lease.address(), lease);
        }
        this.pool = config.pool();
        this.leaseTime = config.leaseTime();
        this.offerHold = config.offerHold();
        this.cursor = pool == null ? 0 : Ip4.unsigned(pool.first());
    }

    synchronized Optional<StaticLease> staticLease(MacAddress mac) {
        return Optional.ofNullable(statics.get(mac));
    }

    /** The address to offer {@code mac} (preferring {@code requested} when it is free), reserving it; or empty. */
    synchronized Optional<Inet4Address> offer(MacAddress mac, Inet4Address requested, Instant now) {
        StaticLease s = statics.get(mac);
        if (s != null) {
            return Optional.of(s.address());
        }
        if (pool == null) {
            return Optional.empty();
        }
        Long current = byMac.get(mac);
        if (current != null && bound.get(current).of(mac)) {
            Binding b = bound.get(current);
            if (b.offered() && b.expires().isBefore(now.plus(offerHold))) {
                bound.put(current, new Binding(mac, now.plus(offerHold), true));
            }
            return Optional.of(Ip4.of(current));
        }
        if (requested != null && free(Ip4.unsigned(requested), requested, now)) {
            bind(Ip4.unsigned(requested), mac, now.plus(offerHold), true);
            return Optional.of(requested);
        }
        long first = Ip4.unsigned(pool.first());
        long size = pool.size();
        for (long i = 0; i < size; i++) {
            long candidate = first + (cursor - first + i) % size;
            if (free(candidate, null, now)) {
                cursor = candidate + 1;
                bind(candidate, mac, now.plus(offerHold), true);
                return Optional.of(Ip4.of(candidate));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code mac} may have {@code address} now; if so the lease starts (or is renewed).
     * Empty when the server knows nothing about the MAC or has no record of it holding a pool
     * address (and must stay silent, RFC 2131 4.3.2).
     */
    synchronized Optional<Boolean> confirm(MacAddress mac, Inet4Address address, Instant now) {
        StaticLease s = statics.get(mac);
        if (s != null) {
            return Optional.of(s.address().equals(address));
        }
        if (pool == null) {
            return Optional.empty();
        }
        long v = Ip4.unsigned(address);
        Binding b = bound.get(v);
        if (b != null && b.of(mac)) {
            bound.put(v, new Binding(mac, now.plus(leaseTime), false));
            return Optional.of(true);
        }
        Long held = byMac.get(mac);
        if (held == null || !bound.containsKey(held)) {
            return Optional.empty(); // no offer, no lease: not ours to grant or to refuse
        }
        return Optional.of(false);
    }

    synchronized void release(MacAddress mac, Inet4Address address) {
        long v = Ip4.unsigned(address);
        Binding b = bound.get(v);
        if (b != null && b.of(mac)) {
            bound.remove(v);
            byMac.remove(mac);
        }
    }

    /**
     * The client took another server's offer: forget ours, if it is still only an offer. An
     * acknowledged lease stays; a forged REQUEST naming the victim's MAC must not end it.
     */
    synchronized void dropOffer(MacAddress mac) {
        Long v = byMac.get(mac);
        if (v != null && bound.get(v) != null && bound.get(v).offered()) {
            bound.remove(v);
            byMac.remove(mac);
        }
    }

    /** A client found {@code address} in use: keep it out of the pool for a while. */
    synchronized void decline(MacAddress mac, Inet4Address address, Instant now) {
        long v = Ip4.unsigned(address);
        Binding b = bound.get(v);
        if (b != null && b.of(mac)) {
            byMac.remove(mac);
            bound.put(v, new Binding(null, now.plus(DECLINE_HOLD), false));
        }
    }

    private boolean free(long v, Inet4Address address, Instant now) {
        if (pool == null || v < Ip4.unsigned(pool.first()) || v > Ip4.unsigned(pool.last())) {
            return false;
        }
        if (staticByAddress.containsKey(address != null ? address : Ip4.of(v))) {
            return false;
        }
        Binding b = bound.get(v);
        if (b == null) {
            return true;
        }
        if (b.expires().isAfter(now)) {
            return false;
        }
        bound.remove(v);
        if (b.mac() != null) {
            byMac.remove(b.mac(), v);
        }
        return true;
    }

    private void bind(long v, MacAddress mac, Instant expires, boolean offered) {
        Long old = byMac.put(mac, v);
        if (old != null && old != v) {
            bound.remove(old);
        }
        bound.put(v, new Binding(mac, expires, offered));
    }

    /** Pool addresses bound now (offered or leased or declined), for tests and stats. */
    synchronized int boundCount(Instant now) {
        return (int) bound.values().stream().filter(b -> b.expires().isAfter(now)).count();
    }
}
