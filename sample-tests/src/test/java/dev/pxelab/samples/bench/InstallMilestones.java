package dev.pxelab.samples.bench;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The points of one target's install that every benchmark measures, read from its events; all
 * times are seconds from QEMU's first start.
 */
public final class InstallMilestones {

    private final List<ProvisioningEvent> events;
    private final Instant qemuStarted;

    private InstallMilestones(List<ProvisioningEvent> events) {
        this.events = List.copyOf(events);
        this.qemuStarted = first(e -> e instanceof LifecycleEvent l && l.what().equals(LifecycleEvent.STARTED))
                .orElseThrow(() -> new IllegalStateException("no machine start among the target's events"));
    }

    public static InstallMilestones of(List<ProvisioningEvent> events) {
        return new InstallMilestones(events);
    }

    /** When the installer said it started (pxelab's test OS and subiquity both post this). */
    public Optional<Double> installerStarted() {
        return seconds(first(e -> e instanceof InstallerEvent i && i.name().equals("subiquity/Install") && !i.isFinish()));
    }

    /** When installer stage {@code stage} ({@code subiquity/Install/install/<stage>}) finished. */
    public Optional<Double> stageFinished(String stage) {
        return seconds(first(e -> e instanceof InstallerEvent i && i.isFinish()
                && i.name().equals("subiquity/Install/install/" + stage)));
    }

    public Optional<Double> installed() {
        return seconds(installedAt());
    }

    /** The installed system's own first lease: the firmware's asks carry a boot file, the system's not. */
    public Optional<Double> firstBootDhcp() {
        return seconds(installedAt().flatMap(t -> first(e -> e instanceof DhcpEvent d && d.type() == DhcpEvent.Type.ACK
                && e.time().isAfter(t) && d.bootFile() == null)));
    }

    public Optional<Double> sshReady() {
        return seconds(first(e -> e instanceof LifecycleEvent l && l.what().equals(LifecycleEvent.SSH_READY)));
    }

    /** Seconds from QEMU's first start to the first event that matches. */
    public Optional<Double> firstEvent(Predicate<ProvisioningEvent> p) {
        return seconds(first(p));
    }

    public double secondsTo(Instant at) {
        return Duration.between(qemuStarted, at).toMillis() / 1000.0;
    }

    private Optional<Instant> installedAt() {
        return first(e -> e instanceof InstallerEvent i && i.isFinish() && i.name().equals("subiquity/Install"));
    }

    private Optional<Instant> first(Predicate<ProvisioningEvent> p) {
        return events.stream().filter(p).map(ProvisioningEvent::time).findFirst();
    }

    private Optional<Double> seconds(Optional<Instant> at) {
        return at.map(this::secondsTo);
    }
}
