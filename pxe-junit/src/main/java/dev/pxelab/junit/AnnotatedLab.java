package dev.pxelab.junit;

import dev.pxelab.runtime.boot.GenericInstaller;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.LabDefinition;
import dev.pxelab.runtime.lab.LabProperties;
import dev.pxelab.runtime.lab.ReadinessCheck;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.machine.MachineBackend;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Parses a {@code @PxeLab} class into a {@link LabDefinition}: the annotation's settings, the
 * targets its {@link TargetVm}s declare, and the settings JUnit's configuration parameters give.
 * Nothing else: starting and waiting are the lab's business.
 */
final class AnnotatedLab {

    private AnnotatedLab() {
    }

    static LabDefinition definition(Class<?> testClass, PxeLab settings, List<TargetDefinition> targets,
                                    LabProperties properties) {
        String where = "@PxeLab on " + testClass.getName();
        ClassLoader loader = TargetDeclarations.loaderOf(testClass);
        LabDefinition.Builder builder = properties.applyTo(LabDefinition.builder())
                .name(testClass.getSimpleName())
                .workDir(settings.workDir().isBlank() ? Path.of("target", "pxelab", testClass.getName())
                        : Path.of(settings.workDir()))
                .testOs(settings.testOs());
        setting(where, "subnet", settings.subnet(), builder::subnet);
        setting(where, "router", settings.router(), builder::router);
        for (String dns : settings.dns()) {
            setting(where, "dns", dns, builder::dnsServer);
        }
        setting(where, "domain", settings.domain(), builder::domainName);
        setting(where, "arm64Loader", settings.arm64Loader(), file -> builder.arm64Loader(Path.of(file)));
        document(where, "userData", settings.userData(), loader, builder::genericUserData);
        document(where, "metaData", settings.metaData(), loader, builder::genericMetaData);
        document(where, "vendorData", settings.vendorData(), loader, builder::genericVendorData);
        document(where, "networkConfig", settings.networkConfig(), loader, builder::genericNetworkConfig);
        if (!settings.kernel().isBlank()) {
            builder.installer(new GenericInstaller(profile(testClass, settings, where),
                    settings.assetRoot().isBlank() ? null : Path.of(settings.assetRoot())));
        }
        if (settings.installTimeout() > 0) {
            builder.installTimeout(Duration.ofSeconds(settings.installTimeout()));
        }
        if (settings.sshTimeout() > 0) {
            builder.sshTimeout(Duration.ofSeconds(settings.sshTimeout()));
        }
        if (settings.skipValidation()) {
            builder.skipValidation();
        }
        if (!settings.builtInReadiness()) {
            builder.withoutBuiltInReadiness();
        }
        for (Class<? extends ReadinessCheck> check : settings.readiness()) {
            builder.readiness(instantiate(check, "readiness check", where));
        }
        if (settings.machines() != MachineBackend.class) {
            builder.machines(instantiate(settings.machines(), "machine backend", where));
        }
        targets.forEach(builder::target);
        return builder.build();
    }

    private static void setting(String where, String attribute, String value, Consumer<String> setter) {
        if (value.isBlank()) {
            return;
        }
        try {
            setter.accept(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + attribute + " = \"" + value + "\": "
                    + e.getMessage()); // the message says it all; a cause would repeat it under "Caused by"
        }
    }

    private static void document(String where, String attribute, String location, ClassLoader loader,
                                 Consumer<Document> setter) {
        if (location.isBlank()) {
            return;
        }
        try {
            setter.accept(Document.resolve(location.strip(), loader));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + attribute + " " + e.getMessage());
        }
    }

    private static BootProfile profile(Class<?> testClass, PxeLab settings, String where) {
        try {
            return new BootProfile(testClass.getSimpleName(), settings.kernel().strip(), List.of(settings.initrds()),
                    settings.cmdline(), settings.uefiLoader().isBlank() ? null : settings.uefiLoader().strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ExtensionConfigurationException(where + ": boot profile: " + e.getMessage(), e);
        }
    }

    private static <T> T instantiate(Class<? extends T> type, String what, String where) {
        try {
            Constructor<? extends T> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new ExtensionConfigurationException(where + ": " + what + " " + type.getName()
                    + " needs a no-argument constructor", e);
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException(where + ": " + what + " " + type.getName()
                    + " could not be created: " + e, e);
        }
    }
}
