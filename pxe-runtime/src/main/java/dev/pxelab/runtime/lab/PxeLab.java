package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.autoinstall.AutoinstallValidator;
import dev.pxelab.runtime.autoinstall.Problem;
import dev.pxelab.runtime.autoinstall.ValidationProfile;
import dev.pxelab.runtime.autoinstall.ValidationReport;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The plain Java entry point to what {@code @PxeLab} does: a lab network, a provisioner on it, and
 * QEMU machines that network-boot, install and come up with SSH.
 *
 * <pre>{@code
 * try (Lab lab = PxeLab.builder()
 *         .target(TargetDefinition.builder("52:54:00:00:00:11").hostname("web-1")
 *                 .userData(Document.of(Path.of("web.yaml"))).build())
 *         .start()) {
 *     Target web = lab.awaitReady().target("52:54:00:00:00:11");
 *     web.ssh().run("hostname");
 * }
 * }</pre>
 *
 * Every user-data is validated before anything boots; a broken one fails {@link Builder#start()}
 * with the file, line and column of each problem.
 */
public final class PxeLab {

    /** What a host without user-data of its own installs: a user for pxelab to log in as. */
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

    private PxeLab() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String name = "lab";
        private String subnet;
        private Path workDir;
        private Document genericUserData;
        private Document genericMetaData;
        private BootProfile profile;
        private Path assetRoot;
        private TestOs.Flavour flavour = TestOs.Flavour.TINY;
        private Duration installTimeout;
        private Duration sshTimeout;
        private boolean validate = true;
        private final Map<MacAddress, TargetDefinition> targets = new LinkedHashMap<>();

        private Builder() {
        }

        /** Names the lab in logs and its work folder (the test class, for {@code @PxeLab}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The lab subnet, e.g. {@code 192.168.105.0/24}; by default the next free one of the JVM's plan. */
        public Builder subnet(String cidr) {
            this.subnet = cidr;
            return this;
        }

        /** Where consoles, disks and logs go; by default {@code target/pxelab/<name>}. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The user-data for targets without their own (the NoCloud fallback). */
        public Builder genericUserData(Document userData) {
            this.genericUserData = userData;
            return this;
        }

        public Builder genericMetaData(Document metaData) {
            this.genericMetaData = metaData;
            return this;
        }

        /** Which system pxelab's test OS installs (when no other {@link #profile} is given). */
        public Builder testOs(TestOs.Flavour flavour) {
            this.flavour = flavour;
            return this;
        }

        /** Boot another installer than pxelab's test OS: its profile and the folder its files are in. */
        public Builder profile(BootProfile profile, Path assetRoot) {
            this.profile = profile;
            this.assetRoot = assetRoot;
            return this;
        }

        /** How long one target may take from power-on to the installer's final SUCCESS. */
        public Builder installTimeout(Duration timeout) {
            this.installTimeout = timeout;
            return this;
        }

        /** How long the installed system may take from the installer's SUCCESS to answering SSH. */
        public Builder sshTimeout(Duration timeout) {
            this.sshTimeout = timeout;
            return this;
        }

        /** Skip validating user-data before boot (to watch an installer deal with broken data). */
        public Builder skipValidation() {
            this.validate = false;
            return this;
        }

        public Builder target(TargetDefinition target) {
            if (targets.putIfAbsent(target.mac(), target) != null) {
                throw new IllegalArgumentException("target " + target.mac() + " is declared twice");
            }
            return this;
        }

        /** Checks everything, then starts the network, the provisioner and every target (without waiting). */
        public Lab start() {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("lab '" + name + "' has no targets");
            }
            checkNamesAndAddresses();
            checkDeclaredHostnames();
            Document generic = genericUserData != null ? genericUserData
                    : Document.inline("pxelab's default user-data", DEFAULT_USER_DATA);
            if (validate) {
                validateAll(generic);
            }
            BootProfile bootProfile = profile;
            Path assets = assetRoot;
            if (bootProfile == null) {
                TestOs testOs = TestOs.locate();
                bootProfile = testOs.profile(flavour);
                assets = testOs.assetRoot();
            }
            Path dir = workDir != null ? workDir : Path.of("target", "pxelab", name);
            return Lab.start(new LabSpec(name, subnet, dir, generic, genericMetaData, bootProfile, assets,
                    installTimeout, sshTimeout, List.copyOf(targets.values())));
        }

        private void checkNamesAndAddresses() {
            Map<String, MacAddress> names = new HashMap<>();
            Map<String, MacAddress> addresses = new HashMap<>();
            for (TargetDefinition t : targets.values()) {
                MacAddress other = names.put(t.name(), t.mac());
                if (other != null) {
                    throw new IllegalArgumentException("targets " + other + " and " + t.mac() + " have the same name '"
                            + t.name() + "'");
                }
                if (t.address() != null && (other = addresses.put(t.address(), t.mac())) != null) {
                    throw new IllegalArgumentException("targets " + other + " and " + t.mac() + " both want address "
                            + t.address());
                }
            }
        }

        /**
         * A declared hostname replaces the one in shared user-data, but when the target's own
         * document names another host the two disagree, and neither may win silently.
         */
        private void checkDeclaredHostnames() {
            for (TargetDefinition t : targets.values()) {
                if (t.hostname() == null || t.userData() == null) {
                    continue;
                }
                Optional<String> written;
                try {
                    written = UserDataInjector.hostname(t.userData());
                } catch (YAMLException e) {
                    continue; // not YAML: validation says where
                }
                if (written.isPresent() && !written.get().equals(t.hostname())) {
                    throw new IllegalArgumentException("target " + t.mac() + " is declared with hostname '"
                            + t.hostname() + "' but its user-data " + t.userData().origin()
                            + " sets identity.hostname '" + written.get() + "': drop one of them");
                }
            }
        }

        private void validateAll(Document generic) {
            AutoinstallValidator validator = AutoinstallValidator.forProfile(
                    profile == null ? ValidationProfile.PXELAB_TEST_OS : ValidationProfile.UBUNTU);
            List<Document> documents = new ArrayList<>();
            documents.add(generic);
            targets.values().stream().map(TargetDefinition::userData).filter(d -> d != null).distinct()
                    .forEach(documents::add);
            List<String> errors = new ArrayList<>();
            for (Document document : documents) {
                ValidationReport report = validator.validate(document.origin(), document.content());
                report.errors().stream().map(Problem::toString).forEach(errors::add);
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("lab '" + name + "': user-data is not valid, nothing was booted:\n  "
                        + String.join("\n  ", errors));
            }
        }
    }
}
