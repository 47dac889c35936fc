package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.Installer;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsInstaller;
import dev.pxelab.runtime.dhcp.AddressPool;
import dev.pxelab.runtime.dhcp.DhcpMode;
import dev.pxelab.runtime.machine.MachineBackend;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.ClientNetwork;
import dev.pxelab.runtime.provision.Limits;
import dev.pxelab.runtime.qemu.QemuBackend;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a lab is, in one immutable value: its network, what its provisioner serves, what
 * installs its targets, how readiness is decided, and the targets. The front ends only parse into
 * it — {@code @PxeLab} with its {@code @TargetVm}s, {@link Lab#builder()} in Java, and the YAML lab
 * file of {@code pxelab serve} — so every setting exists here once, under one name, and nothing is
 * copied by hand from one layer to the next.
 *
 * <p>The {@link Builder} (with {@link TargetDefinition.Builder}) reaches every setting. The other
 * two front ends reach the settings that mean something for what they describe:
 * <ul>
 *   <li>{@code @PxeLab} and {@code @TargetVm} describe a test's lab of machines pxelab starts on a
 *       network private to the test JVM. They have no attributes for what such a lab leaves to
 *       pxelab or rarely changes: ports, address pool, TFTP root, {@link #limits() limits}, the
 *       bridge's name and its router advertisements, a target's own installer and its NIC ROM. A
 *       test class that needs one of them builds its definition in Java and registers it with
 *       {@code PxeLabExtension.of(...)}; {@code @TargetVm(mac = ...)} then names its targets.</li>
 *   <li>The lab file describes a provisioner for machines pxelab does not start, so it has no keys
 *       for what only started machines use: machine sizes, architecture and NIC ROM, the machine
 *       backend, readiness checks and their timeouts, validation before boot, the work folder and
 *       pxelab's test OS.</li>
 * </ul>
 * Settings of the machine running the lab rather than of the lab (the test OS build folder, the
 * accelerator, the iPXE prompt, foreign interfaces) come from properties at each front end, through
 * {@link LabProperties}. docs/design.md ("Configuration") has the table of every setting and its
 * name in each front end; AnnotatedLabTest (pxe-junit) and EverySettingReachesTheProvisionerTest
 * prove that each arrives.
 *
 * @param name            names the lab in logs and its work folder
 * @param workDir         consoles, disks and logs; null: {@code target/pxelab/<name>}
 * @param network         the lab network: subnet or server address, bridge name, router adverts
 * @param ports           the provisioner's DHCP, TFTP and HTTP ports
 * @param pool            addresses for MACs the lab does not know, or null (then they get no answer)
 * @param tftpRoot        more files for TFTP besides the boot loaders, or null
 * @param assetRoot       the folder served at {@code /assets/}; null: the installer's
 * @param arm64Loader     the network boot loader arm64 UEFI firmware is sent over TFTP instead of
 *                        Debian's shim and GRUB (an iPXE built for arm64), or null
 * @param clientNetwork   router, DNS servers and domain announced to the targets
 * @param documents       the generic NoCloud documents, for targets without their own
 * @param installer       what installs targets without an installer of their own; null: pxelab's
 *                        test OS in a lab, nothing to boot for {@code pxelab serve}
 * @param builtInReadiness whether targets first pass the built-in checks (install finished, booted
 *                        from disk, SSH answers): a lab whose machines report no installer events or
 *                        have no SSH turns them off and brings its own
 * @param readiness       checks after the built-in ones
 * @param installTimeout  the install-finished check's timeout; null: scaled to the machine
 * @param sshTimeout      the SSH check's timeout; null: scaled to the machine
 * @param validate        whether every user-data is validated before anything boots
 * @param machines        what starts the targets' machines
 * @param targets         the targets, in declaration order
 * @param limits          what the provisioner holds at most and how long (events, hosts, TFTP
 *                        transfers, HTTP bodies, timeouts, connections)
 * @param dhcpMode        a full DHCP server, or proxy DHCP next to the segment's own server (only
 *                        on an existing interface, {@link LabNetworkConfig#existingInterface()})
 */
public record LabDefinition(String name, Path workDir, LabNetworkConfig network, Ports ports, AddressPool pool,
                            Path tftpRoot, Path assetRoot, Path arm64Loader, ClientNetwork clientNetwork,
                            Documents documents,
                            Installer installer, boolean builtInReadiness, List<ReadinessCheck> readiness,
                            Duration installTimeout,
                            Duration sshTimeout, boolean validate, MachineBackend machines,
                            List<TargetDefinition> targets, Limits limits, DhcpMode dhcpMode) {

    public LabDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(machines, "machines");
        limits = limits == null ? Limits.DEFAULTS : limits;
        clientNetwork = clientNetwork == null ? ClientNetwork.NONE : clientNetwork;
        dhcpMode = dhcpMode == null ? DhcpMode.SERVER : dhcpMode;
        if (dhcpMode == DhcpMode.PROXY && !network.existingInterface()) {
            throw new IllegalArgumentException("lab '" + name + "': proxy DHCP serves next to another DHCP server on an"
                    + " existing interface; a bridge pxelab creates has no other server (set the existing interface too)");
        }
        readiness = List.copyOf(readiness);
        targets = List.copyOf(targets);
        Map<MacAddress, TargetDefinition> byMac = new LinkedHashMap<>();
        for (TargetDefinition target : targets) {
            if (byMac.putIfAbsent(target.mac(), target) != null) {
                throw new IllegalArgumentException("lab '" + name + "': target " + target.mac() + " is declared twice");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this definition's settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The work folder, defaulted. */
    public Path effectiveWorkDir() {
        return workDir != null ? workDir : Path.of("target", "pxelab", name);
    }

    /**
     * The installer of targets with no installer and no user-data of their own (and of clients the
     * lab does not know): by default the smallest flavour of pxelab's test OS that honours the lab's
     * user-data.
     */
    public Installer effectiveInstaller() {
        return resolved(installer, sharedUserData());
    }

    /** What installs {@code target}: its own installer, else the lab's, for the user-data it gets. */
    public Installer installerFor(TargetDefinition target) {
        Document userData = target.userData() != null ? target.userData() : sharedUserData();
        return resolved(target.installer() != null ? target.installer() : installer, userData);
    }

    /** The user-data of targets without their own: the lab's, else pxelab's default. */
    public Document sharedUserData() {
        return documents.userData() != null ? documents.userData() : ProvisioningPlan.defaultUserData();
    }

    private static Installer resolved(Installer chosen, Document userData) {
        Installer installer = chosen != null ? chosen : TestOsInstaller.of(TestOs.AUTO);
        return installer instanceof TestOsInstaller testOs ? testOs.resolvedFor(userData.origin(), userData.content())
                : installer;
    }

    public Optional<TargetDefinition> target(MacAddress mac) {
        return targets.stream().filter(t -> t.mac().equals(mac)).findFirst();
    }

    /** The provisioner's ports; 0 lets the system choose (tests). */
    public record Ports(int dhcp, int tftp, int http) {

        public static final Ports STANDARD = new Ports(67, 69, 80);

        public Ports {
            for (int port : new int[] {dhcp, tftp, http}) {
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port " + port + " is not in 0..65535");
                }
            }
        }
    }

    /**
     * The lab's generic NoCloud documents, served to targets without their own; each may be null.
     * A lab without generic user-data gives its targets pxelab's default one (a user to log in as
     * with the lab's key); {@code pxelab serve} serves none.
     */
    public record Documents(Document userData, Document metaData, Document vendorData, Document networkConfig) {

        public static final Documents NONE = new Documents(null, null, null, null);
    }

    public static final class Builder {
        private String name = "lab";
        private Path workDir;
        private LabNetworkConfig.Builder network = LabNetworkConfig.builder();
        private Ports ports = Ports.STANDARD;
        private Limits limits = Limits.DEFAULTS;
        private DhcpMode dhcpMode = DhcpMode.SERVER;
        private AddressPool pool;
        private Path tftpRoot;
        private Path assetRoot;
        private Path arm64Loader;
        private Inet4Address router;
        private final List<Inet4Address> dnsServers = new ArrayList<>();
        private String domainName;
        private Document userData;
        private Document metaData;
        private Document vendorData;
        private Document networkConfig;
        private Installer installer;
        private Path testOsDir;
        private boolean builtInReadiness = true;
        private final List<ReadinessCheck> readiness = new ArrayList<>();
        private Duration installTimeout;
        private Duration sshTimeout;
        private boolean validate = true;
        private MachineBackend machines;
        private final Map<MacAddress, TargetDefinition> targets = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder(LabDefinition d) {
            name = d.name;
            workDir = d.workDir;
            network = LabNetworkConfig.builder().from(d.network);
            ports = d.ports;
            limits = d.limits;
            dhcpMode = d.dhcpMode;
            pool = d.pool;
            tftpRoot = d.tftpRoot;
            assetRoot = d.assetRoot;
            arm64Loader = d.arm64Loader;
            router = d.clientNetwork.router().orElse(null);
            dnsServers.addAll(d.clientNetwork.dnsServers());
            domainName = d.clientNetwork.domainName().orElse(null);
            userData = d.documents.userData();
            metaData = d.documents.metaData();
            vendorData = d.documents.vendorData();
            networkConfig = d.documents.networkConfig();
            installer = d.installer;
            builtInReadiness = d.builtInReadiness;
            readiness.addAll(d.readiness);
            installTimeout = d.installTimeout;
            sshTimeout = d.sshTimeout;
            validate = d.validate;
            machines = d.machines;
            d.targets.forEach(t -> targets.put(t.mac(), t));
        }

        /** Names the lab in logs and its work folder (the test class, for {@code @PxeLab}). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Where consoles, disks and logs go; by default {@code target/pxelab/<name>}. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /**
         * The lab subnet, e.g. {@code 192.168.105.0/24} (the provisioner takes {@code .1}), or the
         * provisioner's own address in it, e.g. {@code 192.168.105.1/24}. By default the next free
         * subnet of the JVM's address plan.
         */
        public Builder subnet(String cidr) {
            network.address(cidr);
            return this;
        }

        /** The lab bridge's name; by default one pxelab chooses. */
        public Builder interfaceName(String name) {
            network.bridgeName(name);
            return this;
        }

        /**
         * Whether IPv6 router advertisements go out on the lab's interface (iPXE boots faster): on by
         * default for a bridge pxelab creates; on an existing interface off by default, and sent by the
         * provisioner only when no router answers there.
         */
        public Builder routerAdvertisements(boolean send) {
            network.routerAdvertisements(send);
            return this;
        }

        /**
         * Serves the interface named by {@link #interfaceName} as it is, instead of creating a bridge
         * of that name: it must exist and carry the lab address. For {@code pxelab serve} only.
         */
        public Builder existingInterface(boolean existing) {
            network.existingInterface(existing);
            return this;
        }

        /** A full DHCP server (default), or proxy DHCP next to the segment's own server. */
        public Builder dhcpMode(DhcpMode mode) {
            this.dhcpMode = Objects.requireNonNull(mode, "dhcpMode");
            return this;
        }

        /** Proxy DHCP ({@code true}) or a full DHCP server: {@link #dhcpMode} in a word. */
        public Builder proxyDhcp(boolean proxy) {
            return dhcpMode(proxy ? DhcpMode.PROXY : DhcpMode.SERVER);
        }

        /**
         * Lets the lab network be created in a network namespace that has interfaces pxelab did not
         * create. Dangerous: the provisioner's DHCP server must never answer on a real LAN.
         */
        public Builder allowForeignInterfaces(boolean allow) {
            network.allowForeignInterfaces(allow);
            return this;
        }

        public Builder ports(int dhcp, int tftp, int http) {
            this.ports = new Ports(dhcp, tftp, http);
            return this;
        }

        /** Addresses for MACs the lab does not know, e.g. {@code 192.168.105.100-192.168.105.199}. */
        public Builder pool(String range) {
            String[] ends = range.strip().split("\\s*-\\s*");
            if (ends.length != 2) {
                throw new IllegalArgumentException("pool '" + range + "': expected a range like 192.168.105.100-192.168.105.199");
            }
            this.pool = new AddressPool(Ipv4.parse("pool start", ends[0]), Ipv4.parse("pool end", ends[1]));
            return this;
        }

        /** More files for TFTP, besides the boot loaders. */
        public Builder tftpRoot(Path folder) {
            this.tftpRoot = folder;
            return this;
        }

        /** The folder served at {@code /assets/}; by default the installer's. */
        public Builder assetRoot(Path folder) {
            this.assetRoot = folder;
            return this;
        }

        /**
         * An arm64 network boot loader of your own, sent to arm64 UEFI firmware over TFTP instead of
         * Debian's signed shim and GRUB: an iPXE built for arm64 ({@code ipxe-arm64.efi}, or
         * {@code snponly.efi} of {@code make bin-arm64-efi/snponly.efi}), which Debian 12 does not
         * ship. iPXE then boots the machine as it boots x86_64 ones (per-MAC iPXE script). By
         * default arm64 machines boot through Debian's shim and GRUB.
         */
        public Builder arm64Loader(Path file) {
            if (file != null && !Files.isRegularFile(file)) {
                throw new IllegalArgumentException("arm64 loader " + file.toAbsolutePath() + " is not a file");
            }
            this.arm64Loader = file;
            return this;
        }

        /** The router announced to the targets (DHCP option 3); none by default, as a lab leads nowhere. */
        public Builder router(String address) {
            this.router = Ipv4.parse("router", address);
            return this;
        }

        /** Adds a DNS server announced to the targets (DHCP option 6). */
        public Builder dnsServer(String address) {
            this.dnsServers.add(Ipv4.parse("DNS server", address));
            return this;
        }

        /** The domain announced to the targets (DHCP option 15). */
        public Builder domainName(String domain) {
            this.domainName = domain;
            return this;
        }

        /** The user-data for targets without their own (the NoCloud fallback). */
        public Builder genericUserData(Document userData) {
            this.userData = userData;
            return this;
        }

        /** The meta-data for targets without their own; by default one is generated per MAC. */
        public Builder genericMetaData(Document metaData) {
            this.metaData = metaData;
            return this;
        }

        public Builder genericVendorData(Document vendorData) {
            this.vendorData = vendorData;
            return this;
        }

        /** The network-config (netplan v2 or cloud-init v1) for targets without their own. */
        public Builder genericNetworkConfig(Document networkConfig) {
            this.networkConfig = networkConfig;
            return this;
        }

        /** What installs the targets; by default pxelab's test OS, the smallest flavour that honours each user-data ({@link TestOs#AUTO}). */
        public Builder installer(Installer installer) {
            this.installer = installer;
            return this;
        }

        /** Installs pxelab's test OS of this flavour (looked up as {@link TestOsInstaller} says). */
        public Builder testOs(TestOs flavour) {
            return installer(TestOsInstaller.of(flavour));
        }

        /**
         * Where pxelab's test OS is built, when the lab installs it (the folder holding
         * {@code x86_64/}); by default it is looked for in {@code assets/target/testos} of the working
         * directory and its parents.
         */
        public Builder testOsDir(Path dir) {
            this.testOsDir = dir;
            return this;
        }

        /** Adds a readiness check, run after the built-in ones and those added before. */
        public Builder readiness(ReadinessCheck check) {
            this.readiness.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * Drops the built-in readiness checks (install finished, booted from disk, SSH answers, cloud-init
         * finished):
         * for machines that report no installer events or have no SSH. The lab's own checks, added
         * with {@link #readiness}, are then all there is.
         */
        public Builder withoutBuiltInReadiness() {
            this.builtInReadiness = false;
            return this;
        }

        /** How long one target may take from power-on to the installer's final SUCCESS. */
        public Builder installTimeout(Duration timeout) {
            this.installTimeout = timeout;
            return this;
        }

        /** How long the installed system may take from being sent to its disk to answering SSH. */
        public Builder sshTimeout(Duration timeout) {
            this.sshTimeout = timeout;
            return this;
        }

        /** Skip validating user-data before boot (to watch an installer deal with broken data). */
        public Builder skipValidation() {
            this.validate = false;
            return this;
        }

        /** What starts the machines; by default QEMU with its default settings. */
        public Builder machines(MachineBackend backend) {
            this.machines = backend;
            return this;
        }

        /** What the provisioner holds at most and how long; default {@link Limits#DEFAULTS}. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder target(TargetDefinition target) {
            if (targets.putIfAbsent(target.mac(), target) != null) {
                throw new IllegalArgumentException("target " + target.mac() + " is declared twice");
            }
            return this;
        }

        public LabDefinition build() {
            return new LabDefinition(name, workDir, network.build(), ports, pool, tftpRoot, assetRoot, arm64Loader,
                    new ClientNetwork(Optional.ofNullable(router), dnsServers, Optional.ofNullable(domainName)),
                    new Documents(userData, metaData, vendorData, networkConfig), withTestOsDir(installer), builtInReadiness, readiness,
                    installTimeout, sshTimeout, validate, machines != null ? machines : QemuBackend.defaults(),
                    List.copyOf(targets.values()), limits, dhcpMode);
        }

        private Installer withTestOsDir(Installer chosen) {
            if (testOsDir == null) {
                return chosen;
            }
            if (chosen == null) {
                return new TestOsInstaller(TestOs.AUTO, testOsDir);
            }
            return chosen instanceof TestOsInstaller testOs && testOs.buildDir() == null
                    ? new TestOsInstaller(testOs.flavour(), testOsDir) : chosen;
        }

        /**
         * Checks everything, then starts the network, the provisioner and every target (without
         * waiting for them): {@code Lab.start(build())}.
         */
        public Lab start() {
            return Lab.start(build());
        }
    }
}
