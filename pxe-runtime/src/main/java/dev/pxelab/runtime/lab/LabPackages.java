package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Installer;
import dev.pxelab.runtime.boot.TestOsInstaller;
import dev.pxelab.runtime.packages.PackageRepository;
import dev.pxelab.runtime.packages.PackageRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The lab's package repository: the {@code packages} its targets' configs list, fetched on the host
 * before anything boots (a package that does not exist fails the lab here, naming it) and served
 * at {@code /packages/}, since the lab network leads nowhere.
 */
final class LabPackages {

    private LabPackages() {
    }

    /** The repository's folder, or empty when no target installs packages its image lacks a source for. */
    static Optional<Path> prepare(LabDefinition definition, Path workDir) {
        Map<Path, Set<String>> byImage = new LinkedHashMap<>();
        Map<Path, List<String>> readers = new LinkedHashMap<>();
        Map<Path, Architecture> architectures = new LinkedHashMap<>();
        for (TargetDefinition t : definition.targets()) {
            Installer installer = definition.installerFor(t);
            if (!(installer instanceof TestOsInstaller testOs)) {
                continue;
            }
            Document userData = t.userData() != null ? t.userData() : definition.sharedUserData();
            List<String> names = packages(userData.content());
            if (names.isEmpty()) {
                continue;
            }
            Optional<Path> status = testOs.imageStatus(t.machine().architecture());
            if (status.isEmpty()) {
                continue; // the tiny image refuses `packages` at validation already
            }
            byImage.computeIfAbsent(status.get(), s -> new LinkedHashSet<>()).addAll(names);
            architectures.put(status.get(), t.machine().architecture());
            readers.computeIfAbsent(status.get(), s -> new ArrayList<>()).add(t.mac() + " (" + userData.origin() + ")");
        }
        if (byImage.isEmpty()) {
            return Optional.empty();
        }
        if (byImage.size() > 1) {
            throw new IllegalArgumentException("lab '" + definition.name() + "': its targets install packages into"
                    + " different images (" + byImage.keySet() + "); one lab serves one package repository");
        }
        Map.Entry<Path, Set<String>> only = byImage.entrySet().iterator().next();
        try {
            return Optional.of(PackageRepository.inUserCache().prepare(new PackageRequest(List.copyOf(only.getValue()),
                    only.getKey(), architectures.get(only.getKey())), workDir.resolve("packages"))
                    .directory());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lab '" + definition.name() + "': the packages of "
                    + String.join(", ", readers.get(only.getKey())) + " cannot be installed, nothing was booted:\n"
                    + e.getMessage(), e);
        }
    }

    /** The {@code autoinstall.packages} of a user-data, or none (validation reports unreadable ones). */
    static List<String> packages(String userData) {
        try {
            Object root = new Yaml(new LoaderOptions()).load(userData);
            if (root instanceof Map<?, ?> doc && doc.get("autoinstall") instanceof Map<?, ?> autoinstall
                    && autoinstall.get("packages") instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
        } catch (YAMLException e) {
            // validation says where
        }
        return List.of();
    }
}
