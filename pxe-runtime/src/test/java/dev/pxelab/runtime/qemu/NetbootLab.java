package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.event.TftpEvent;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsInstaller;
import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.Host;
import dev.pxelab.runtime.provision.Provisioner;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A lab network with pxelab's own provisioner on it, serving the kernels these tests boot:
 * x86_64 targets get the hermetic test OS's installer kernel and initrd, the payload also used by
 * {@code PxeLab}; aarch64 targets Debian's arm64 installer kernel and initrd. The command line
 * names the host, so the serial console shows which per-MAC script a target ran.
 */
final class NetbootLab implements AutoCloseable {

    static final Path DEBIAN_ARM64 = Path.of("/usr/lib/debian-installer/images/12/arm64/text/debian-installer/arm64");

    final LabNetwork network;
    final Provisioner provisioner;

    private NetbootLab(LabNetwork network, Provisioner provisioner) {
        this.network = network;
        this.provisioner = provisioner;
    }

    /** x86_64 targets: the test OS's kernel and initrd (console on ttyS0). */
    static NetbootLab x86(LabNetworkConfig networkConfig, Host... hosts) throws IOException {
        return start(networkConfig, TestOsInstaller.of(TestOs.TINY).assetRoot().orElseThrow(), new BootProfile("netboot-x86_64", "x86_64/vmlinuz",
                List.of("x86_64/installer.initrd"), "console=ttyS0 pxelab.host=${hostname} pxelab.mac=${mac}"), hosts);
    }

    /** aarch64 targets: Debian's arm64 installer kernel and initrd (console on ttyAMA0). */
    static NetbootLab arm64(Host... hosts) throws IOException {
        return start(LabNetworkConfig.defaults(), DEBIAN_ARM64, new BootProfile("netboot-arm64", "linux",
                List.of("initrd.gz"), "console=ttyAMA0 pxelab.host=${hostname} pxelab.mac=${mac}"), hosts);
    }

    private static NetbootLab start(LabNetworkConfig networkConfig, Path assets, BootProfile profile, Host... hosts)
            throws IOException {
        LabNetwork network = LabNetwork.create(networkConfig);
        try {
            ProvisionerConfig.Builder config = Provisioner.builder()
                    .interfaceName(network.bridgeName())
                    .labAddress(network.subnet().cidrOf(network.serverAddress()))
                    .assetRoot(assets)
                    .defaultProfile(profile);
            for (Host host : hosts) {
                config.host(host);
            }
            return new NetbootLab(network, Provisioner.start(config.build()));
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    Inet4Address addressOf(MacAddress mac) {
        return provisioner.addressOf(mac);
    }

    /** The first DHCP ACK to {@code mac}. */
    Optional<DhcpEvent> ack(MacAddress mac) {
        return first(DhcpEvent.class, e -> e.mac().equals(mac) && e.type() == DhcpEvent.Type.ACK);
    }

    /** The first successful GET of {@code mac}'s own {@code resource} ({@code boot.ipxe}, {@code grub.cfg}). */
    Optional<HttpEvent> perMac(MacAddress mac, String resource) {
        return first(HttpEvent.class, e -> mac.equals(e.mac()) && e.path().endsWith("/" + resource) && e.status() == 200);
    }

    /** The first successful GET of an asset whose path ends with {@code name}, by {@code mac}'s address. */
    Optional<HttpEvent> asset(MacAddress mac, String name) {
        Inet4Address client = addressOf(mac);
        return first(HttpEvent.class, e -> e.path().startsWith("/assets/") && e.path().endsWith("/" + name)
                && e.status() == 200 && e.client().getAddress().equals(client));
    }

    /** The first completed TFTP transfer of {@code file} (as the client named it) to {@code mac}'s address. */
    Optional<TftpEvent> tftpCompleted(MacAddress mac, String file) {
        Inet4Address client = addressOf(mac);
        return first(TftpEvent.class, e -> e.type() == TftpEvent.Type.COMPLETED && e.file().equals(file)
                && e.client().getAddress().equals(client));
    }

    /** Waits (briefly) for an event that is emitted once its transfer has completed. */
    <T> T await(Supplier<Optional<T>> event, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = event.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no event for " + what + "; the provisioner saw:\n" + eventLog());
    }

    String eventLog() {
        StringBuilder s = new StringBuilder();
        provisioner.events().forEach(e -> s.append(e.time()).append(' ').append(e.summary()).append('\n'));
        return s.toString();
    }

    static double secondsSince(QemuMachine vm, Instant time) {
        return Duration.between(vm.startedAt(), time).toNanos() / 1e9;
    }

    private <T extends ProvisioningEvent> Optional<T> first(Class<T> type, Predicate<T> filter) {
        return provisioner.events().stream().filter(type::isInstance).map(type::cast).filter(filter).findFirst();
    }

    @Override
    public void close() {
        try {
            provisioner.close();
        } finally {
            network.close();
        }
    }
}
