package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.boot.GenericInstaller;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.LabDefinition;
import dev.pxelab.runtime.lab.LabProperties;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code @PxeLab} and {@code @TargetVm} are a front end of the lab definition and nothing more: each
 * attribute means exactly what the builder call next to it means, so the lab a class gets is the
 * lab the same settings give in Java (and from there the provisioner's configuration; see
 * EverySettingReachesTheProvisionerTest in pxe-runtime).
 */
class AnnotatedLabTest {

    private static final ClassLoader LOADER = AnnotatedLabTest.class.getClassLoader();

    @PxeLab(router = "192.168.105.254", dns = {"192.168.105.53", "192.168.105.54"}, domain = "lab.example",
            userData = "userdata/web.yaml", metaData = "userdata/meta.yaml", vendorData = "userdata/vendor.yaml",
            networkConfig = "userdata/network.yaml", subnet = "192.168.150.0/24")
    static class NetworkAndDocuments {
        @TargetVm(mac = "52:54:00:00:00:01")
        static Target web;
    }

    @Test
    void networkSettingsAndGenericDocumentsMeanWhatTheBuilderSays() {
        assertThat(definitionOf(NetworkAndDocuments.class)).isEqualTo(builderFor(NetworkAndDocuments.class)
                .router("192.168.105.254").dnsServer("192.168.105.53").dnsServer("192.168.105.54")
                .domainName("lab.example").subnet("192.168.150.0/24")
                .genericUserData(resource("userdata/web.yaml")).genericMetaData(resource("userdata/meta.yaml"))
                .genericVendorData(resource("userdata/vendor.yaml"))
                .genericNetworkConfig(resource("userdata/network.yaml"))
                .target(TargetDefinition.builder("52:54:00:00:00:01").build())
                .build());
    }

    @PxeLab(kernel = "ubuntu/linux", initrds = {"ubuntu/initrd"}, cmdline = "autoinstall ip=dhcp",
            uefiLoader = "file://ESP/EFI/BOOT/BOOTX64.EFI", assetRoot = "netboot", installTimeout = 900,
            sshTimeout = 120, skipValidation = true, workDir = "target/elsewhere",
            readiness = CustomReadinessTest.InstallReported.class, builtInReadiness = false,
            machines = ScriptedMachines.class)
    static class OwnInstallerAndReadiness {
        @TargetVm(mac = "52:54:00:00:00:02", firmware = Firmware.UEFI, hostname = "db-1", address = "192.168.105.20",
                memory = 768, cpus = 2, disk = "4G", userData = "userdata/web.yaml", metaData = "userdata/meta.yaml",
                vendorData = "userdata/vendor.yaml", networkConfig = "userdata/network.yaml")
        static Target db;
    }

    @Test
    void installerTimeoutsReadinessMachinesAndTargetAttributesMeanWhatTheBuilderSays() {
        LabDefinition annotated = definitionOf(OwnInstallerAndReadiness.class);
        LabDefinition built = builderFor(OwnInstallerAndReadiness.class)
                .workDir(Path.of("target/elsewhere"))
                .installer(new GenericInstaller(new BootProfile("OwnInstallerAndReadiness", "ubuntu/linux",
                        List.of("ubuntu/initrd"), "autoinstall ip=dhcp", "file://ESP/EFI/BOOT/BOOTX64.EFI"),
                        Path.of("netboot")))
                .installTimeout(Duration.ofSeconds(900)).sshTimeout(Duration.ofSeconds(120)).skipValidation()
                .withoutBuiltInReadiness().readiness(new CustomReadinessTest.InstallReported())
                .target(TargetDefinition.builder("52:54:00:00:00:02").firmware(Firmware.UEFI).hostname("db-1")
                        .address("192.168.105.20").memoryMib(768).cpus(2).diskSize("4G")
                        .userData(resource("userdata/web.yaml")).metaData(resource("userdata/meta.yaml"))
                        .vendorData(resource("userdata/vendor.yaml")).networkConfig(resource("userdata/network.yaml"))
                        .build())
                .build();

        // checks and backends are objects the annotation creates: the same class, not the same instance
        assertThat(annotated.readiness()).hasSize(1).first().isInstanceOf(CustomReadinessTest.InstallReported.class);
        assertThat(annotated.machines()).isInstanceOf(ScriptedMachines.class);
        assertThat(annotated.toBuilder().machines(built.machines()).build())
                .usingRecursiveComparison().ignoringFields("readiness").isEqualTo(built);
    }

    @PxeLab(testOs = TestOs.DEBIAN)
    static class DebianTestOs {
        @TargetVm(mac = "52:54:00:00:00:03")
        static Target web;
    }

    @Test
    void theTestOsFlavourAndItsBuildFolderFromConfigurationParametersMeanWhatTheBuilderSays() {
        UnaryOperator<String> parameters = Map.of(LabProperties.TEST_OS_DIR, "/opt/testos")::get;

        assertThat(AnnotatedLab.definition(DebianTestOs.class, DebianTestOs.class.getAnnotation(PxeLab.class),
                TargetDeclarations.scan(DebianTestOs.class).targets(), LabProperties.from(parameters)))
                .isEqualTo(builderFor(DebianTestOs.class).testOs(TestOs.DEBIAN).testOsDir(Path.of("/opt/testos"))
                        .target(TargetDefinition.builder("52:54:00:00:00:03").build()).build());
    }

    @PxeLab(arm64Loader = "src/test/resources/loaders/ipxe-arm64.efi")
    static class ArmTarget {
        @TargetVm(mac = "52:54:00:00:00:04", arch = Architecture.AARCH64)
        static Target arm;
    }

    @Test
    void theArchitectureAndTheArm64LoaderMeanWhatTheBuilderSays() {
        LabDefinition annotated = definitionOf(ArmTarget.class);

        assertThat(annotated).isEqualTo(builderFor(ArmTarget.class)
                .arm64Loader(Path.of("src/test/resources/loaders/ipxe-arm64.efi"))
                .target(TargetDefinition.builder("52:54:00:00:00:04").architecture(Architecture.AARCH64).build())
                .build());
        // aarch64 has no BIOS: the annotation's default firmware gives way to UEFI, as the builder's does
        assertThat(annotated.targets()).singleElement().extracting(TargetDefinition::machine)
                .satisfies(machine -> {
                    assertThat(machine.architecture()).isEqualTo(Architecture.AARCH64);
                    assertThat(machine.firmware()).isEqualTo(Firmware.UEFI);
                });
    }

    /** What the annotation front end sets for every class: its name and work folder. */
    private static LabDefinition.Builder builderFor(Class<?> testClass) {
        return LabDefinition.builder().name(testClass.getSimpleName())
                .workDir(Path.of("target", "pxelab", testClass.getName())).testOs(TestOs.AUTO);
    }

    private static LabDefinition definitionOf(Class<?> testClass) {
        return AnnotatedLab.definition(testClass, testClass.getAnnotation(PxeLab.class),
                TargetDeclarations.scan(testClass).targets(), LabProperties.from(key -> null));
    }

    private static Document resource(String name) {
        return Document.resolve(name, LOADER);
    }
}
