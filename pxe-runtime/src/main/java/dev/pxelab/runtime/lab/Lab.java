package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.machine.Machine;
import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.Provisioner;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import dev.pxelab.runtime.ssh.SshHandle;
import dev.pxelab.runtime.ssh.SshKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running lab: its network, its provisioner and its targets, started from a
 * {@link LabDefinition}. Closing it powers every target off, removes the network and the files its
 * machines wrote (disks, consoles), unless a target did not become ready or {@link #keepFiles()}
 * was called: then they stay in {@link #workDir()} for diagnosis. Closing is idempotent.
 *
 * <pre>{@code
 * try (Lab lab = Lab.builder()
 *         .target(TargetDefinition.builder("52:54:00:00:00:11").hostname("web-1")
 *                 .userData(Document.of(Path.of("web.yaml"))).build())
 *         .start()) {
 *     Target web = lab.awaitReady().target("52:54:00:00:00:11");
 *     web.ssh().run("hostname");
 * }
 * }</pre>
 *
 * Every user-data is validated before anything boots; a broken one fails {@link #start} with the
 * file, line and column of each problem.
 */
public final class Lab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

    private final LabDefinition definition;
    private final LabNetwork network;
    private final Provisioner provisioner;
    private final List<Target> targets;
    private final List<AutoCloseable> resources;
    private boolean closed;
    private volatile boolean keepFiles;

    private Lab(LabDefinition definition, LabNetwork network, Provisioner provisioner, List<Target> targets,
                List<AutoCloseable> resources) {
        this.definition = definition;
        this.network = network;
        this.provisioner = provisioner;
        this.targets = List.copyOf(targets);
        this.resources = resources;
    }

    /**
     * A new lab definition, with the settings that system properties give (see
     * {@link LabProperties}); {@link LabDefinition#builder()} starts from none.
     */
    public static LabDefinition.Builder builder() {
        return LabProperties.fromSystemProperties().applyTo(LabDefinition.builder());
    }

    /**
     * Checks the definition, then starts the network, the provisioner and every target (without
     * waiting for them). Nothing stays running when it fails.
     *
     * @throws IllegalArgumentException when the definition is wrong (invalid user-data, clashing
     *         names, ...): nothing was started
     */
    public static Lab start(LabDefinition definition) {
        DefinitionCheck.check(definition);
        for (TargetDefinition t : definition.targets()) {
            definition.machines().check(t.machine());
        }
        List<AutoCloseable> resources = new ArrayList<>();
        Path workDir = definition.effectiveWorkDir();
        try {
            Files.createDirectories(workDir);
            removeTargetFiles(definition);
            Optional<Path> packages = LabPackages.prepare(definition, workDir);
            SshKey key = SshKey.generate("pxelab@" + definition.name());
            LabNetwork network = LabNetwork.create(definition.network());
            resources.add(network);

            ProvisioningPlan plan = ProvisioningPlan.forLab(definition, network.bridgeName(),
                    network.subnet().cidrOf(network.serverAddress()), key, packages);
            ProvisionerConfig config = plan.config();
            BootLoaderCheck.require(config.bootLoaders(), definition.targets().stream()
                    .map(TargetDefinition::machine).toList());
            Provisioner provisioner = Provisioner.start(config);
            resources.add(provisioner);

            Readiness readiness = Readiness.of(definition);
            Readiness afterReboot = Readiness.afterReboot(definition);
            List<Target> targets = new ArrayList<>();
            for (ProvisioningPlan.HostPlan host : plan.hosts()) {
                TargetDefinition t = host.target();
                // before the machine's first DHCP packet: readiness reads this power-on's events from here
                provisioner.report(new LifecycleEvent(Instant.now(), t.mac(), LifecycleEvent.STARTED));
                Machine machine = definition.machines().start(t.machine(), network, workDir);
                resources.add(machine);
                String address = provisioner.addressOf(t.mac()).getHostAddress();
                String who = t.mac() + (host.hostname() == null ? "" : " (" + host.hostname() + ")");
                SshHandle ssh = new SshHandle(address, 22, host.user(), key, who);
                resources.add(ssh);
                SshHandle root = new SshHandle(address, 22, "root", key, who);
                resources.add(root);
                Target target = new Target(t, provisioner.addressOf(t.mac()), host.hostname(), host.installer(),
                        provisioner, new Target.Logins(ssh, root), machine, readiness, afterReboot);
                targets.add(target);
                LOG.info("{}: started {} ({}, {})", definition.name(), target, t.machine().firmware(),
                        machine.describe());
            }
            return new Lab(definition, network, provisioner, targets, resources);
        } catch (IOException e) {
            closeAll(resources);
            throw new UncheckedIOException("lab '" + definition.name() + "' could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * Has {@link #close()} keep what the machines wrote in the work folder (consoles, disks,
     * firmware variables, the backend's logs), e.g. because a test on the lab failed. A target that
     * does not become ready in {@link #awaitReady()} does the same.
     */
    public Lab keepFiles() {
        keepFiles = true;
        return this;
    }

    /**
     * Removes what the lab's machines left in the work folder (console logs, disks, firmware
     * variables, the backend's logs). {@link #close()} does it unless the files are kept.
     */
    public void removeTargetFiles() throws IOException {
        removeTargetFiles(definition);
    }

    /**
     * Also what {@link #start} does first: a failed earlier run keeps its files for diagnosis, and
     * this run must not start on its disks, UEFI variables or consoles. Only files a target of this
     * lab writes are removed.
     */
    private static void removeTargetFiles(LabDefinition definition) throws IOException {
        Path workDir = definition.effectiveWorkDir();
        for (TargetDefinition t : definition.targets()) {
            for (Path p : definition.machines().files(t.machine(), workDir)) {
                delete(p);
            }
        }
    }

    private static void delete(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (var files = Files.walk(path)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    /**
     * Waits until every target is installed and answers SSH. They boot in parallel, so this waits
     * for the slowest; but the first failure (an installer FAIL, QEMU ending, a stage's timeout)
     * ends the wait at once, with every failure known by then, instead of after the others.
     */
    public Lab awaitReady() {
        // A thread per target: the waits block, and the common pool may have a single thread.
        ExecutorService waiters = Executors.newFixedThreadPool(targets.size(), runnable -> {
            Thread thread = new Thread(runnable, "pxelab-await-" + definition.name());
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
        keepFiles(); // the consoles and disks are what explains the failure
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
                .orElseThrow(() -> new IllegalArgumentException("lab '" + definition.name() + "' has no target " + wanted
                        + "; it has " + targets.stream().map(Target::mac).toList()));
    }

    public Provisioner provisioner() {
        return provisioner;
    }

    public LabNetwork network() {
        return network;
    }

    public LabDefinition definition() {
        return definition;
    }

    public Path workDir() {
        return definition.effectiveWorkDir();
    }

    public String name() {
        return definition.name();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAll(resources);
        if (keepFiles) {
            LOG.info("{}: the targets' consoles and disks are kept in {}", definition.name(), workDir().toAbsolutePath());
            return;
        }
        try {
            removeTargetFiles();
            Files.deleteIfExists(workDir()); // only when empty: files of someone else keep it
        } catch (DirectoryNotEmptyException e) {
            LOG.debug("{}: {} kept, it holds other files", definition.name(), workDir());
        } catch (IOException e) {
            LOG.warn("{}: could not remove the targets' files in {}: {}", definition.name(), workDir(), e.toString());
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
}
