package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.machine.Machine;
import dev.pxelab.runtime.machine.MachineBackend;
import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.Host;
import dev.pxelab.runtime.provision.Provisioner;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import dev.pxelab.runtime.qemu.QemuBackend;
import dev.pxelab.runtime.ssh.SshHandle;
import dev.pxelab.runtime.ssh.SshKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running lab: its network, its provisioner and its targets. Closing it powers every target
 * off and removes the network; it is idempotent.
 */
public final class Lab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);
    /**
     * A tiny test OS target installs in well under a minute under TCG; this leaves room for a busy
     * CI machine. An installed UEFI machine needs ~1.5 min to reach SSH: OVMF tries its other
     * network boot options before the disk.
     */
    private static final Duration TCG_INSTALL_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration TCG_SSH_TIMEOUT = Duration.ofMinutes(5);

    private final LabSpec spec;
    private final LabNetwork network;
    private final Provisioner provisioner;
    private final List<Target> targets;
    private final List<AutoCloseable> resources;
    private boolean closed;

    private Lab(LabSpec spec, LabNetwork network, Provisioner provisioner, List<Target> targets,
                List<AutoCloseable> resources) {
        this.spec = spec;
        this.network = network;
        this.provisioner = provisioner;
        this.targets = List.copyOf(targets);
        this.resources = resources;
    }

    static Lab start(LabSpec spec) {
        // Until the lab definition passes a backend in: the properties keep -Dpxelab.accel working.
        MachineBackend machines = QemuBackend.fromSystemProperties();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            spec.targets().forEach(t -> machines.check(t.machine()));
            Files.createDirectories(spec.workDir());
            removeTargetFiles(spec);
            SshKey key = SshKey.generate("pxelab@" + spec.name());
            LabNetworkConfig.Builder net = LabNetworkConfig.builderFromSystemProperties();
            if (spec.subnet() != null) {
                net.subnet(spec.subnet());
            }
            LabNetwork network = LabNetwork.create(net.build());
            resources.add(network);

            String server = network.serverAddress().getHostAddress();
            List<HostPlan> plans = spec.targets().stream()
                    .map(t -> HostPlan.of(t, spec.genericUserData(), key, server)).toList();
            ProvisionerConfig.Builder provisioning = Provisioner.builder()
                    .interfaceName(network.bridgeName())
                    .labAddress(network.subnet().cidrOf(network.serverAddress()))
                    .defaultProfile(spec.profile())
                    .genericUserData(UserDataInjector.inject(spec.genericUserData(), key.authorizedKey(), null, null));
            if (spec.assetRoot() != null) {
                provisioning.assetRoot(spec.assetRoot());
            }
            plans.forEach(plan -> provisioning.host(plan.host()));
            ProvisionerConfig config = provisioning.build();
            BootLoaderCheck.require(config.bootLoaders(), spec.targets().stream().map(TargetDefinition::machine).toList());
            Provisioner provisioner = Provisioner.start(config);
            resources.add(provisioner);

            List<Target> targets = new ArrayList<>();
            for (HostPlan plan : plans) {
                TargetDefinition t = plan.config();
                Machine machine = machines.start(t.machine(), network, spec.workDir());
                resources.add(machine);
                SshHandle ssh = new SshHandle(provisioner.addressOf(t.mac()).getHostAddress(), 22, plan.user(), key);
                resources.add(ssh);
                Target target = new Target(t, provisioner.addressOf(t.mac()), plan.hostname(), provisioner, ssh,
                        machine, readiness(spec, machine.slowness()));
                target.report(dev.pxelab.runtime.event.LifecycleEvent.STARTED);
                targets.add(target);
                LOG.info("{}: started {} ({}, {})", spec.name(), target, t.machine().firmware(),
                        machine.describe());
            }
            return new Lab(spec, network, provisioner, targets, resources);
        } catch (IOException e) {
            closeAll(resources);
            throw new UncheckedIOException("lab '" + spec.name() + "' could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * Removes what the lab's machines left in the work folder: each target's console log and its
     * folder (disk, UEFI variables, QEMU's log). Call it after {@link #close()}.
     */
    public void removeTargetFiles() throws IOException {
        removeTargetFiles(spec);
    }

    /**
     * Also what {@link #start} does first: a failed earlier run keeps its files for diagnosis, and
     * this run must not start on its disks, UEFI variables or consoles. Only files a target of this
     * lab writes are removed.
     */
    private static void removeTargetFiles(LabSpec spec) throws IOException {
        for (TargetDefinition t : spec.targets()) {
            Files.deleteIfExists(spec.workDir().resolve(t.name() + ".log"));
            Path dir = spec.workDir().resolve(t.name());
            if (Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static ReadinessWait readiness(LabSpec spec, double slowness) {
        double scale = slowness / 10.0;
        Duration install = spec.installTimeout() != null ? spec.installTimeout()
                : Duration.ofSeconds(Math.max(60, (long) (TCG_INSTALL_TIMEOUT.toSeconds() * scale)));
        Duration ssh = spec.sshTimeout() != null ? spec.sshTimeout()
                : Duration.ofSeconds(Math.max(30, (long) (TCG_SSH_TIMEOUT.toSeconds() * scale)));
        return new ReadinessWait(install, ssh);
    }

    /**
     * Waits until every target is installed and answers SSH. They boot in parallel, so this waits
     * for the slowest; but the first failure (an installer FAIL, QEMU ending, a stage's timeout)
     * ends the wait at once, with every failure known by then, instead of after the others.
     */
    public Lab awaitReady() {
        // A thread per target: the waits block, and the common pool may have a single thread.
        ExecutorService waiters = Executors.newFixedThreadPool(targets.size(), runnable -> {
            Thread thread = new Thread(runnable, "pxelab-await-" + spec.name());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Target>> waits = targets.stream()
                    .map(t -> CompletableFuture.supplyAsync(t::awaitReady, waiters)).toList();
            CompletableFuture<Void> all = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
            CompletableFuture<Void> firstFailure = new CompletableFuture<>();
            waits.forEach(wait -> wait.whenComplete((ready, failure) -> {
                if (failure != null) {
                    firstFailure.complete(null);
                }
            }));
            CompletableFuture.anyOf(all, firstFailure).join();
            throwFailures(waits);
            return this;
        } finally {
            // Waits still running end by themselves: at their timeout, or when closing the lab stops their machine.
            waiters.shutdown();
        }
    }

    private void throwFailures(List<CompletableFuture<Target>> waits) {
        List<RuntimeException> failures = new ArrayList<>();
        int stillWaiting = 0;
        for (CompletableFuture<Target> wait : waits) {
            if (!wait.isDone()) {
                stillWaiting++;
            } else if (wait.isCompletedExceptionally()) {
                try {
                    wait.join();
                } catch (CompletionException e) {
                    failures.add(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
                }
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        String others = stillWaiting == 0 ? "" : "\n(" + stillWaiting + " other target" + (stillWaiting == 1 ? " was" : "s were")
                + " still on the way; not waited for)";
        if (failures.size() == 1 && others.isEmpty()) {
            throw failures.get(0);
        }
        TargetNotReadyException all = new TargetNotReadyException(failures.size() + " of " + targets.size()
                + " targets did not become ready:\n" + String.join("\n\n", failures.stream().map(Throwable::getMessage).toList())
                + others);
        failures.forEach(all::addSuppressed);
        throw all;
    }

    public List<Target> targets() {
        return targets;
    }

    public Target target(String mac) {
        MacAddress wanted = MacAddress.of(mac);
        return targets.stream().filter(t -> t.mac().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("lab '" + spec.name() + "' has no target " + wanted
                        + "; it has " + targets.stream().map(Target::mac).toList()));
    }

    public Provisioner provisioner() {
        return provisioner;
    }

    public LabNetwork network() {
        return network;
    }

    public Path workDir() {
        return spec.workDir();
    }

    public String name() {
        return spec.name();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeAll(resources);
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resources.get(i), e);
            }
        }
    }

    /** What the provisioner is told about one target, and who pxelab logs in as. */
    private record HostPlan(TargetDefinition config, Host host, String user, String hostname) {

        /**
         * Every target gets user-data of its own, derived from its document or the lab's generic
         * one: only then can the installer's events reach the provisioner under the target's MAC.
         */
        static HostPlan of(TargetDefinition t, Document generic, SshKey key, String server) {
            Document effective = t.userData() != null ? t.userData() : generic;
            Optional<String> written = parseable(effective).flatMap(UserDataInjector::hostname);
            // A declared hostname goes into the installed system even when the document is the
            // lab's shared one: that is how one generic user-data gives each MAC its own name.
            String hostname = t.hostname() != null ? t.hostname() : written.orElse(null);
            Host.Builder host = Host.builder(t.mac()).hostname(hostname)
                    .firmware(t.machine().firmware() == dev.pxelab.runtime.boot.Firmware.BIOS ? Firmware.BIOS : Firmware.UEFI);
            if (t.address() != null) {
                host.address(t.address());
            }
            host.userData(injected(effective, key, t.hostname(), "http://" + server + "/" + t.mac() + "/events"));
            if (t.metaData() != null) {
                host.metaData(t.metaData().content());
            }
            String user = parseable(effective).flatMap(UserDataInjector::username).orElse("root");
            return new HostPlan(t, host.build(), user, hostname);
        }

        /**
         * Unreadable YAML is served as written: it only gets this far when validation was skipped
         * on purpose, to see how the installer reports it.
         */
        private static String injected(Document userData, SshKey key, String hostname, String eventsUrl) {
            try {
                return UserDataInjector.inject(userData, key.authorizedKey(), hostname, eventsUrl);
            } catch (org.yaml.snakeyaml.error.YAMLException e) {
                LOG.warn("{} is not valid YAML; served unchanged, without the lab's key and webhook", userData.origin());
                return userData.content();
            }
        }

        private static Optional<Document> parseable(Document userData) {
            try {
                UserDataInjector.username(userData);
                return Optional.of(userData);
            } catch (org.yaml.snakeyaml.error.YAMLException e) {
                return Optional.empty();
            }
        }
    }
}
