package dev.pxelab.runtime.provision;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Instant;

/**
 * The lab's hosts and what happened to each: the one place where events from the three servers
 * meet. It attributes each event to a MAC (TFTP and most HTTP requests only know the client's
 * address, which DHCP gave out), keeps every host's state, and tells the HTTP server what to serve.
 */
final class HostBook implements EventSink, BootContent {

    private static final Logger LOG = LoggerFactory.getLogger(HostBook.class);

    private final Map<MacAddress, Tracked> hosts = new LinkedHashMap<>();
    private final Map<InetAddress, MacAddress> byAddress = new ConcurrentHashMap<>();
    private final List<ProvisioningEvent> labEvents = new ArrayList<>();
    private final List<Consumer<ProvisioningEvent>> listeners = new CopyOnWriteArrayList<>();
    private final StateRules rules;
    private final NoCloudData generic;
    private final BootProfile defaultProfile;
    private final boolean acceptUnknownHosts;

    HostBook(Collection<Host> hosts, NoCloudData generic, BootProfile defaultProfile, StateRules rules,
             boolean acceptUnknownHosts) {
        this.generic = generic;
        this.defaultProfile = defaultProfile;
        this.rules = rules;
        this.acceptUnknownHosts = acceptUnknownHosts;
        for (Host host : hosts) {
            this.hosts.put(host.mac(), new Tracked(host));
            host.fixedAddress().ifPresent(a -> byAddress.put(a, host.mac()));
        }
    }

    void addListener(Consumer<ProvisioningEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void accept(ProvisioningEvent event) {
        Optional<MacAddress> mac = macOf(event);
        synchronized (this) {
            labEvents.add(event);
            mac.map(this::trackedOrAdopt).ifPresent(t -> t.record(event, rules));
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
            if (dhcp.type() == DhcpEvent.Type.ACK && dhcp.address() != null) {
                byAddress.put(dhcp.address(), dhcp.mac());
            }
            return Optional.of(dhcp.mac());
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

    /** Hosts the lab was not told about are taken in only when the lab hands out pool addresses. */
    private Tracked trackedOrAdopt(MacAddress mac) {
        Tracked tracked = hosts.get(mac);
        if (tracked == null && acceptUnknownHosts) {
            tracked = new Tracked(Host.builder(mac).build());
            hosts.put(mac, tracked);
        }
        return tracked;
    }

    synchronized Optional<HostStatus> status(MacAddress mac) {
        return Optional.ofNullable(hosts.get(mac)).map(Tracked::snapshot);
    }

    synchronized List<HostStatus> statuses() {
        return hosts.values().stream().map(Tracked::snapshot).toList();
    }

    synchronized List<ProvisioningEvent> events() {
        return List.copyOf(labEvents);
    }

    synchronized Collection<Host> hosts() {
        return hosts.values().stream().map(t -> t.host).toList();
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
        Tracked tracked = hosts.get(mac);
        if (tracked == null) {
            throw new IllegalArgumentException("the lab has no host " + mac + "; it knows " + hosts.keySet());
        }
        return tracked;
    }

    @Override
    public synchronized Optional<HostBoot> host(MacAddress mac) {
        Tracked tracked = acceptUnknownHosts ? trackedOrAdopt(mac) : hosts.get(mac);
        return Optional.ofNullable(tracked).map(this::boot);
    }

    private HostBoot boot(Tracked tracked) {
        Host host = tracked.host;
        return new HostBoot(host.mac(), host.hostname(),
                host.fixedAddress().map(InetAddress::getHostAddress).orElseGet(() -> leasedAddress(host.mac())),
                tracked.installed(), tracked.generation, host.firmware(),
                host.profile() != null ? host.profile() : defaultProfile, host.data());
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
        private final List<ProvisioningEvent> events = new ArrayList<>();
        private final List<StateChange> changes = new ArrayList<>();
        private HostState state = HostState.WAITING;
        private int generation = 1;
        private boolean installedByHand;

        Tracked(Host host) {
            this.host = host;
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
            return new HostStatus(host.mac(), state, generation, changes, events);
        }
    }
}
