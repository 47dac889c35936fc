package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.autoinstall.AutoinstallValidator;
import dev.pxelab.runtime.autoinstall.ValidationProfile;
import dev.pxelab.runtime.autoinstall.ValidationReport;
import dev.pxelab.runtime.boot.Installer;
import dev.pxelab.runtime.net.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What is wrong with a lab definition before anything boots: no targets, two targets with one
 * name or address, a declared hostname the target's own user-data contradicts, user-data its
 * installer would reject. Each problem is an {@link IllegalArgumentException} naming the lab, the
 * MAC and the file.
 */
final class DefinitionCheck {

    private DefinitionCheck() {
    }

    static void check(LabDefinition definition) {
        if (definition.targets().isEmpty()) {
            throw new IllegalArgumentException("lab '" + definition.name() + "' has no targets");
        }
        checkNamesAndAddresses(definition);
        checkDeclaredHostnames(definition);
        if (definition.validate()) {
            validateUserData(definition);
            checkTheConfigFitsTheMachine(definition);
        }
    }

    /** Its NIC name and disk path, which a config may name and the machine must then have. */
    private static void checkTheConfigFitsTheMachine(LabDefinition definition) {
        List<String> errors = new ArrayList<>();
        for (TargetDefinition t : definition.targets()) {
            Document userData = t.userData() != null ? t.userData() : definition.sharedUserData();
            String where = "target " + t.mac() + ", user-data " + userData.origin() + ": ";
            definition.machines().nicName(t.machine())
                    .flatMap(nic -> NicNameCheck.problem(userData.content(), nic, t.mac()))
                    .ifPresent(problem -> errors.add(where + problem));
            definition.machines().diskPath(t.machine())
                    .flatMap(disk -> DiskPathCheck.problem(userData.content(), disk))
                    .ifPresent(problem -> errors.add(where + problem));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("lab '" + definition.name() + "': nothing was booted:\n  "
                    + String.join("\n  ", errors));
        }
    }

    private static void checkNamesAndAddresses(LabDefinition definition) {
        Map<String, MacAddress> names = new HashMap<>();
        Map<String, MacAddress> addresses = new HashMap<>();
        for (TargetDefinition t : definition.targets()) {
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
    private static void checkDeclaredHostnames(LabDefinition definition) {
        for (TargetDefinition t : definition.targets()) {
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

    /**
     * Each document once, with the validation profile of the installer that reads it; the
     * problems of each invalid document are listed under the targets that would have received it.
     */
    private static void validateUserData(LabDefinition definition) {
        Map<Document, ValidationProfile> documents = new LinkedHashMap<>();
        Map<Document, List<MacAddress>> readers = new HashMap<>();
        Document shared = definition.sharedUserData();
        documents.put(shared, definition.effectiveInstaller().validationProfile());
        for (TargetDefinition t : definition.targets()) {
            Document own = t.userData() != null ? t.userData() : shared;
            documents.putIfAbsent(own, definition.installerFor(t).validationProfile());
            readers.computeIfAbsent(own, d -> new ArrayList<>()).add(t.mac());
        }
        List<String> errors = new ArrayList<>();
        documents.forEach((document, profile) -> {
            ValidationReport report = AutoinstallValidator.forProfile(profile).validate(document.origin(),
                    document.content());
            if (!report.isValid()) {
                List<MacAddress> macs = readers.getOrDefault(document, List.of());
                errors.add(document.origin() + (macs.isEmpty() ? "" : ", user-data of "
                        + (macs.size() == 1 ? "target " : "targets ") + macs.stream().map(MacAddress::toString)
                        .collect(Collectors.joining(", "))) + ":");
                report.errors().stream().map(problem -> "  " + problem).forEach(errors::add);
            }
        });
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("lab '" + definition.name() + "': user-data is not valid, nothing was"
                    + " booted:\n  " + String.join("\n  ", errors));
        }
    }
}
