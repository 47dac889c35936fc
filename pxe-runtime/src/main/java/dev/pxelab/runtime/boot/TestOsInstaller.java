package dev.pxelab.runtime.boot;

import dev.pxelab.runtime.autoinstall.ValidationProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * pxelab's hermetic test OS as an {@link Installer}: a netboot installer that consumes Ubuntu's
 * autoinstall command line and NoCloud data, built by the {@code assets} module.
 *
 * <p>The build is looked up when a lab starts, not when it is defined: in {@code buildDir} when
 * given, else in {@code assets/target/testos} of the working directory or one of its parents
 * (a checkout of pxelab).
 *
 * @param flavour  the system it installs
 * @param buildDir the build's folder (the one holding {@code x86_64/}), or null to search for it
 */
public record TestOsInstaller(TestOs flavour, Path buildDir) implements Installer {

    /** The finish event the test OS sends when the whole install is done. */
    public static final String FINISH_EVENT = "subiquity/Install";

    /**
     * Where the installer puts GRUB for UEFI: the removable-media path of the EFI system partition
     * it labels TESTOS-ESP (assets/src/testos/initrd/usr/lib/testos/installer.sh).
     */
    static final String INSTALLED_UEFI_LOADER = "file://TESTOS-ESP/EFI/BOOT/BOOTX64.EFI";

    public TestOsInstaller {
        if (flavour == null) {
            throw new IllegalArgumentException("a test OS installer needs a flavour (TINY or DEBIAN)");
        }
    }

    public static TestOsInstaller of(TestOs flavour) {
        return new TestOsInstaller(flavour, null);
    }

    @Override
    public String name() {
        return flavour == TestOs.TINY ? "pxelab-test-os" : "pxelab-test-os-" + flavour.name().toLowerCase();
    }

    /**
     * Ubuntu's autoinstall command line, plus where the installer finds the system image and where
     * it reports when it cannot read the user-data's own {@code reporting} section (broken YAML
     * still ends in a FAIL event, not a timeout).
     */
    @Override
    public BootProfile bootProfile(Firmware firmware, Architecture architecture) {
        if (architecture != Architecture.X86_64) {
            throw new IllegalStateException("pxelab's test OS is built for x86_64 only; a " + architecture
                    + " target needs an installer of its own (kernel, initrds and command line)");
        }
        Path dir = locate();
        if (!Files.isRegularFile(dir.resolve("x86_64").resolve(flavour.image()))) {
            throw new IllegalStateException("the test OS's " + flavour + " image is not built: no x86_64/"
                    + flavour.image() + " in " + dir + (flavour == TestOs.DEBIAN
                            ? ". Build it with: mvn -B -pl assets -Ppxelab-debian package (as root)." : ""));
        }
        return new BootProfile(name(), "x86_64/vmlinuz", List.of("x86_64/installer.initrd"),
                "console=ttyS0 autoinstall ds=nocloud-net;s=http://${server}/${mac}/"
                        + " testos.image=http://${server}/assets/x86_64/" + flavour.image()
                        + " testos.report=http://${server}/${mac}/events?key=${report-key}",
                INSTALLED_UEFI_LOADER);
    }

    @Override
    public Optional<Path> assetRoot() {
        return Optional.of(locate());
    }

    @Override
    public Set<String> completionEvents() {
        return Set.of(FINISH_EVENT);
    }

    @Override
    public ValidationProfile validationProfile() {
        return flavour == TestOs.TINY ? ValidationProfile.PXELAB_TEST_OS : ValidationProfile.PXELAB_TEST_OS_DEBIAN;
    }

    /** The build's folder, or an error that says where it looked and how to build it. */
    Path locate() {
        if (buildDir != null) {
            if (isBuilt(buildDir)) {
                return buildDir;
            }
            throw new IllegalStateException("pxelab's test OS is not built: no x86_64/vmlinuz and"
                    + " x86_64/installer.initrd under " + buildDir.toAbsolutePath()
                    + ". Build it with: mvn -B -pl assets package (after tools/setup).");
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("assets/target/testos");
            if (isBuilt(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("pxelab's test OS is not built: no x86_64/vmlinuz under assets/target/testos"
                + " in " + Path.of("").toAbsolutePath() + " or its parents, and no build folder was given"
                + " (-Dpxelab.testos.dir=... or the lab's testOsDir). Build it with: mvn -B -pl assets package"
                + " (after tools/setup).");
    }

    private static boolean isBuilt(Path dir) {
        return Files.isRegularFile(dir.resolve("x86_64/vmlinuz"))
                && Files.isRegularFile(dir.resolve("x86_64/installer.initrd"));
    }
}
