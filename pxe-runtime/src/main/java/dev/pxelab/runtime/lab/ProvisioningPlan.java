package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Installer;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsInstaller;
import dev.pxelab.runtime.http.NoCloudData;
import dev.pxelab.runtime.provision.BootLoaders;
import dev.pxelab.runtime.provision.Host;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import dev.pxelab.runtime.provision.Segment;
import dev.pxelab.runtime.provision.ReportKeys;
import dev.pxelab.runtime.ssh.SshKey;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What the provisioner is told for a {@link LabDefinition}: the one place where the definition's
 * settings become a {@link ProvisionerConfig}, for a lab that boots its own machines and for
 * {@code pxelab serve} alike.
 *
 * <p>A lab's targets get user-data of their own, derived from theirs or the lab's generic one,
 * with the lab's SSH key, the installer webhook and the declared hostname put in: only then can the
 * installer's events reach the provisioner under the target's MAC, and can the lab log in. A served
 * lab hands out its documents as written.
 */
final class ProvisioningPlan {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningPlan.class);

    /** What a host without user-data of its own installs in a lab: a user for pxelab to log in as. */
    static final String DEFAULT_USER_DATA = """
            #cloud-config
            autoinstall:
              version: 1
              identity:
                hostname: pxelab-target
                username: pxelab
                # a crypt(3) hash nobody knows the password of: log in with the lab's key
                password: "$6$pxelablab$tR0PCqHdp/Z9lITft8xEmemBJ53khB.RqOieaGDc5IRZQfOe0ZY5FfTFioU0GYXx4rXCGJ0.J2HSOAjcXRGSf1"
              ssh:
                install-server: true
                allow-pw: false
            """;

    /** One target as the provisioner and the lab's SSH see it. */
    record HostPlan(TargetDefinition target, Host host, Installer installer, String user, String hostname) {
    }

    private final ProvisionerConfig config;
    private final List<HostPlan> hosts;

    private ProvisioningPlan(ProvisionerConfig config, List<HostPlan> hosts) {
        this.config = config;
        this.hosts = hosts;
    }

    /**
     * For a lab on its own network: documents carry the lab's key and webhook.
     *
     * @param interfaceName the lab bridge
     * @param serverCidr    the provisioner's address with the lab prefix, e.g. {@code 192.168.105.1/24}
     */
    static ProvisioningPlan forLab(LabDefinition definition, String interfaceName, String serverCidr, SshKey key,
                                   Optional<Path> packageRoot) {
        return plan(definition, interfaceName, serverCidr, key, packageRoot, Segment.OWN_BRIDGE);
    }

    /** For {@code pxelab serve}: the lab file names the interface and the address; documents are served as written. */
    static ProvisioningPlan forServe(LabDefinition definition) {
        if (definition.network().bridgeName() == null || definition.network().serverAddress() == null) {
            throw new IllegalArgumentException("lab '" + definition.name() + "': serving needs the interface and"
                    + " the provisioner's address (interface: and address: in a lab file)");
        }
        Inet4Address server = definition.network().serverAddress();
        // A bridge serve creates advertises itself (LabNetwork); on an existing interface the provisioner does.
        Segment segment = definition.network().existingInterface()
                ? Segment.existing(definition.dhcpMode(), definition.network().routerAdvertisements())
                : Segment.OWN_BRIDGE;
        return plan(definition, definition.network().bridgeName(),
                definition.network().subnet().cidrOf(server), null, Optional.empty(), segment);
    }

    ProvisionerConfig config() {
        return config;
    }

    List<HostPlan> hosts() {
        return hosts;
    }

    private static ProvisioningPlan plan(LabDefinition d, String interfaceName, String serverCidr, SshKey key,
                                         Optional<Path> packageRoot, Segment segment) {
        String server = serverCidr.split("/")[0];
        // A lab writes its targets' webhooks, so their reports carry a key; a served lab's
        // documents are the user's, checked by source address only.
        ReportKeys reportKeys = key != null ? ReportKeys.random() : ReportKeys.NONE;
        // `pxelab serve` installs nothing unless its lab file names an installer.
        Installer labInstaller = key != null || d.installer() != null ? d.effectiveInstaller() : null;
        ProvisionerConfig.Builder config = ProvisionerConfig.builder()
                .interfaceName(interfaceName)
                .labAddress(serverCidr)
                .dhcpPort(d.ports().dhcp()).tftpPort(d.ports().tftp()).httpPort(d.ports().http())
                .pool(d.pool())
                .clientNetwork(d.clientNetwork())
                .limits(d.limits())
                .reportKeys(reportKeys)
                .segment(segment)
                .genericData(genericData(d, key));
        // The debian build holds the tiny one's files too: a lab that installs both serves the debian build.
        Installer servesAssets = key == null ? labInstaller : d.targets().stream().map(d::installerFor)
                .filter(i -> i instanceof TestOsInstaller t && t.flavour() == TestOs.DEBIAN)
                .findFirst().orElse(labInstaller);
        Optional<Path> assets = Optional.ofNullable(d.assetRoot())
                .or(() -> servesAssets == null ? Optional.empty() : servesAssets.assetRoot());
        assets.ifPresent(config::assetRoot);
        packageRoot.ifPresent(config::packageRoot);
        if (d.tftpRoot() != null) {
            config.tftpRoot(d.tftpRoot());
        }
        if (d.arm64Loader() != null) {
            config.bootLoaders(BootLoaders.debianDefaults().withArm64Loader(d.arm64Loader()));
        }
        if (labInstaller != null) {
            // clients the lab does not know (a pool) boot what the lab installs on x86_64 machines
            config.defaultProfile(labInstaller.bootProfile(null, Architecture.X86_64));
            labInstaller.completionEvents().forEach(config::installFinishedEvent);
        }
        List<HostPlan> hosts = d.targets().stream().map(t -> host(d, t, labInstaller, key, server, reportKeys)).toList();
        for (HostPlan plan : hosts) {
            config.host(plan.host());
            if (plan.installer() != null) {
                plan.installer().completionEvents().forEach(config::installFinishedEvent);
            }
        }
        return new ProvisioningPlan(config.build(), hosts);
    }

    private static NoCloudData genericData(LabDefinition d, SshKey key) {
        LabDefinition.Documents docs = d.documents();
        byte[] userData;
        if (key != null) {
            Document generic = docs.userData() != null ? docs.userData() : defaultUserData();
            userData = bytes(injected(generic, key, null, null, false));
        } else {
            userData = docs.userData() == null ? null : bytes(docs.userData().content());
        }
        return new NoCloudData(userData, bytesOf(docs.metaData()), bytesOf(docs.vendorData()),
                bytesOf(docs.networkConfig()));
    }

    static Document defaultUserData() {
        return Document.inline("pxelab's default user-data", DEFAULT_USER_DATA);
    }

    private static HostPlan host(LabDefinition d, TargetDefinition t, Installer labInstaller, SshKey key,
                                 String server, ReportKeys reportKeys) {
        Installer installer = key != null ? d.installerFor(t) : t.installer() != null ? t.installer() : labInstaller;
        Host.Builder host = Host.builder(t.mac()).firmware(t.machine().firmware());
        if (t.address() != null) {
            host.address(t.address());
        }
        if (installer != null) {
            host.profile(installer.bootProfile(t.machine().firmware(), t.machine().architecture()));
        }
        if (t.metaData() != null) {
            host.metaData(t.metaData().content());
        }
        if (t.vendorData() != null) {
            host.vendorData(t.vendorData().content());
        }
        if (t.networkConfig() != null) {
            host.networkConfig(t.networkConfig().content());
        }
        if (key == null) {
            if (t.userData() != null) {
                host.userData(t.userData().content());
            }
            return new HostPlan(t, host.hostname(t.hostname()).build(), installer, "root", t.hostname());
        }
        Document effective = t.userData() != null ? t.userData()
                : d.documents().userData() != null ? d.documents().userData() : defaultUserData();
        Optional<String> written = parseable(effective).flatMap(UserDataInjector::hostname);
        // A declared hostname goes into the installed system even when the document is the lab's
        // shared one: that is how one generic user-data gives each MAC its own name.
        String hostname = t.hostname() != null ? t.hostname() : written.orElse(null);
        host.hostname(hostname)
                .userData(injected(effective, key, t.hostname(),
                        reportKeys.withKey("http://" + server + "/" + t.mac() + "/events", t.mac()), true));
        String user = parseable(effective).flatMap(UserDataInjector::username).orElse("root");
        return new HostPlan(t, host.build(), installer, user, hostname);
    }

    /**
     * Unreadable YAML is served as written: it only gets this far when validation was skipped on
     * purpose, to see how the installer reports it.
     */
    private static String injected(Document userData, SshKey key, String hostname, String eventsUrl,
                                   boolean rootLogin) {
        try {
            return UserDataInjector.inject(userData, key.authorizedKey(), hostname, eventsUrl, rootLogin);
        } catch (YAMLException e) {
            LOG.warn("{} is not valid YAML; served unchanged, without the lab's key and webhook", userData.origin());
            return userData.content();
        }
    }

    private static Optional<Document> parseable(Document userData) {
        try {
            UserDataInjector.username(userData);
            return Optional.of(userData);
        } catch (YAMLException e) {
            return Optional.empty();
        }
    }

    private static byte[] bytesOf(Document document) {
        return document == null ? null : bytes(document.content());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
