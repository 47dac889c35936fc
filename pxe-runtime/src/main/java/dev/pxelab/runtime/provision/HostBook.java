package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.event.AlertEvent;
import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.EventSink;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.event.PhoneHomeEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.event.TftpEvent;
import dev.pxelab.runtime.http.BootContent;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.http.HostBoot;
import dev.pxelab.runtime.http.NoCloudData;
import dev.pxelab.runtime.net.MacAddress;
import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Instant;

/**
 * The lab's hosts and what happened to each: the one place where events from the three servers
 * meet. It attributes each event to a MAC (TFTP and most HTTP requests only know the client's
 * address, which DHCP gave out), keeps every host's state, and tells the HTTP server what to serve.
 *
 * <p>Everything it keeps is bounded ({@link Limits}): the lab's events and each host's are rings,
 * and a MAC the lab was not told about is taken in only once the DHCP server acknowledged it a
 * pool address, at most {@link Limits#unknownHosts()} of them, each forgotten after
 * {@link Limits#unknownHostIdle()} without traffic (the least recently seen first when full).
 */
final class HostBook implements EventSink, BootContent {

    private static final Logger LOG = LoggerFactory.getLogger(HostBook.class);

    /** The hosts the lab declared: kept for its whole life. */
    private final Map<MacAddress, Tracked> hosts = new LinkedHashMap<>();
    /** Pool clients adopted after a DHCP ACK, least recently seen first. */
    private final LinkedHashMap<MacAddress, Tracked> adopted = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<InetAddress, MacAddress> byAddress = new ConcurrentHashMap<>();
    private final Map<MacAddress, InetAddress> assigned;
    private final Ring<ProvisioningEvent> labEvents;
    private final List<Consumer<ProvisioningEvent>> listeners = new CopyOnWriteArrayList<>();
    private final StateRules rules;
    private final NoCloudData generic;
    private final BootProfile defaultProfile;
    private final boolean acceptUnknownHosts;
    private boolean addressesFromRequests;
    private final Limits limits;
    private final ReportKeys keys;

    HostBook(Collection<Host> hosts, NoCloudData generic, BootProfile defaultProfile, StateRules rules,
             boolean acceptUnknownHosts) {
        this(hosts, Map.of(), generic, defaultProfile, rules, acceptUnknownHosts, Limits.DEFAULTS, ReportKeys.NONE);
    }

    /** @param assigned the address each declared host gets from DHCP (fixed or assigned by the lab) */
    HostBook(Collection<Host> hosts, Map<MacAddress, ? extends InetAddress> assigned, NoCloudData generic,
             BootProfile defaultProfile, StateRules rules, boolean acceptUnknownHosts, Limits limits, ReportKeys keys) {
        this.generic = generic;
        this.defaultProfile = defaultProfile;
        this.rules = rules;
        this.acceptUnknownHosts = acceptUnknownHosts;
        this.limits = limits;
        this.keys = keys;
        this.labEvents = new Ring<>(limits.labEvents());
        this.assigned = Map.copyOf(assigned);
        for (Host host : hosts) {
            this.hosts.put(host.mac(), new Tracked(host, limits.eventsPerHost()));
            host.fixedAddress().ifPresent(a -> byAddress.put(a, host.mac()));
        }
        this.assigned.forEach((mac, address) -> byAddress.putIfAbsent(address, mac));
    }

    /**
     * With proxy DHCP another server gives the hosts their addresses: a declared host's address is
     * the one its latest REQUEST names (or its boot server request comes from), which is what its
     * reports and TFTP and HTTP traffic are matched by.
     */
    synchronized void takeAddressesFromRequests() {
        addressesFromRequests = true;
    }

    void addListener(Consumer<ProvisioningEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void accept(ProvisioningEvent event) {
        Optional<MacAddress> mac = macOf(event);
        synchronized (this) {
            labEvents.add(event);
            forgetIdle(event.time());
            mac.map(m -> trackedOrAdopt(m, event)).ifPresent(t -> t.record(event, rules));
        }
        for (Consumer<ProvisioningEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed on {}", event.summary(), e);
            }
        }
    }

    private Optional<MacAddress> macOf(ProvisioningEvent event) {
        if (event instanceof DhcpEvent dhcp) {
            if (dhcp.type() == DhcpEvent.Type.ACK && dhcp.address() != null && (hosts.containsKey(dhcp.mac())
                    || acceptUnknownHosts)) {
                byAddress.put(dhcp.address(), dhcp.mac());
            } else if (addressesFromRequests && dhcp.address() != null && hosts.containsKey(dhcp.mac())
                    && (dhcp.type() == DhcpEvent.Type.REQUEST || dhcp.type() == DhcpEvent.Type.ACK)) {
                // The other server's ACK goes to the client alone; its REQUEST is what the segment shows.
                byAddress.values().removeIf(dhcp.mac()::equals);
                byAddress.put(dhcp.address(), dhcp.mac());
            }
            return Optional.of(dhcp.mac());
        }
        if (event instanceof AlertEvent alert) {
            return Optional.ofNullable(alert.mac());
        }
        if (event instanceof TftpEvent tftp) {
            return Optional.ofNullable(byAddress.get(tftp.client().getAddress()));
        }
        if (event instanceof HttpEvent http) {
            return Optional.ofNullable(http.mac()).or(() -> Optional.ofNullable(byAddress.get(http.client().getAddress())));
        }
        if (event instanceof InstallerEvent installer) {
            return Optional.of(installer.mac());
        }
        if (event instanceof PhoneHomeEvent phoneHome) {
            return Optional.of(phoneHome.mac());
        }
        if (event instanceof LifecycleEvent lifecycle) {
            return Optional.of(lifecycle.mac());
        }
        return Optional.empty();
    }

    /**
     * Hosts the lab was not told about are taken in only when the lab hands out pool addresses,
     * and only once DHCP acknowledged one to them: a DISCOVER from a made-up MAC costs nothing.
     */
    private Tracked trackedOrAdopt(MacAddress mac, ProvisioningEvent event) {
        Tracked tracked = known(mac);
        if (tracked == null && acceptUnknownHosts && event instanceof DhcpEvent dhcp
                && dhcp.type() == DhcpEvent.Type.ACK && dhcp.address() != null) { // a lease, not an INFORM's ACK
            tracked = new Tracked(Host.builder(mac).build(), limits.eventsPerHost());
            adopted.put(mac, tracked);
            if (adopted.size() > limits.unknownHosts()) {
                forget(adopted.keySet().iterator().next());
            }
        }
        if (tracked != null) {
            tracked.lastSeen = event.time();
        }
        return tracked;
    }

    /** A declared host, or an adopted one (which then counts as seen most recently). */
    private Tracked known(MacAddress mac) {
        Tracked tracked = hosts.get(mac);
        return tracked != null ? tracked : adopted.get(mac);
    }

    private void forgetIdle(Instant now) {
        Instant limit = now.minus(limits.unknownHostIdle());
        while (!adopted.isEmpty()) {
            Map.Entry<MacAddress, Tracked> eldest = adopted.entrySet().iterator().next();
            if (!eldest.getValue().lastSeen.isBefore(limit)) {
                return;
            }
            forget(eldest.getKey());
        }
    }

    private void forget(MacAddress mac) {
        adopted.remove(mac);
        byAddress.values().removeIf(mac::equals);
        LOG.info("{} forgotten: a pool client idle or beyond the limit of {} unknown hosts", mac, limits.unknownHosts());
    }

    synchronized Optional<HostStatus> status(MacAddress mac) {
        return Optional.ofNullable(hosts.get(mac)).or(() -> Optional.ofNullable(adopted.get(mac))).map(Tracked::snapshot);
    }

    synchronized List<HostStatus> statuses() {
        return all().map(Tracked::snapshot).toList();
    }

    synchronized List<ProvisioningEvent> events() {
        return labEvents.toList();
    }

    synchronized Collection<Host> hosts() {
        return all().map(t -> t.host).toList();
    }

    private Stream<Tracked> all() {
        return Stream.concat(hosts.values().stream(), adopted.values().stream());
    }

    /** Forgets that {@code mac} was installed: its next network boot installs it again. */
    synchronized void reinstall(MacAddress mac) {
        tracked(mac).reinstall();
    }

    /** Marks {@code mac} installed without an installer saying so: its next network boot boots its disk. */
    synchronized void markInstalled(MacAddress mac) {
        tracked(mac).installedByHand = true;
    }

    private Tracked tracked(MacAddress mac) {
        Tracked tracked = known(mac);
        if (tracked == null) {
            throw new IllegalArgumentException("the lab has no host " + mac + "; it knows " + hosts.keySet());
        }
        return tracked;
    }

    @Override
    public synchronized Optional<HostBoot> host(MacAddress mac) {
        return Optional.ofNullable(known(mac)).map(this::boot);
    }

    private HostBoot boot(Tracked tracked) {
        Host host = tracked.host;
        InetAddress fixed = host.fixedAddress().isPresent() ? host.fixedAddress().get() : assigned.get(host.mac());
        String address = fixed != null ? fixed.getHostAddress() : leasedAddress(host.mac());
        return new HostBoot(host.mac(), host.hostname(), address, tracked.installed(), tracked.generation,
                host.firmware(), host.profile() != null ? host.profile() : defaultProfile, host.data(),
                keys.keyOf(host.mac()));
    }

    private String leasedAddress(MacAddress mac) {
        return byAddress.entrySet().stream().filter(e -> e.getValue().equals(mac))
                .map(e -> e.getKey().getHostAddress()).findFirst().orElse(null);
    }

    @Override
    public NoCloudData generic() {
        return generic;
    }

    /** One host and its history. Guarded by the book's lock. */
    private static final class Tracked {
        private final Host host;
        private final Ring<ProvisioningEvent> events;
        private final Ring<StateChange> changes;
        private HostState state = HostState.WAITING;
        private int generation = 1;
        private boolean installedByHand;
        private Instant lastSeen = Instant.now();

        Tracked(Host host, int maxEvents) {
            this.host = host;
            this.events = new Ring<>(maxEvents);
            this.changes = new Ring<>(maxEvents);
        }

        void record(ProvisioningEvent event, StateRules rules) {
            events.add(event);
            rules.next(state, event).ifPresent(next -> {
                state = next;
                changes.add(new StateChange(event.time(), next, event));
                LOG.info("{} is {} ({})", host.mac(), next, event.summary());
            });
        }

        boolean installed() {
            return installedByHand || state == HostState.INSTALLED || state == HostState.BOOTED;
        }

        void reinstall() {
            generation++;
            installedByHand = false;
            state = HostState.WAITING;
            changes.add(new StateChange(Instant.now(), HostState.WAITING, null));
        }

        HostStatus snapshot() {
            return new HostStatus(host.mac(), state, generation, changes.toList(), events.toList());
        }
    }
}
