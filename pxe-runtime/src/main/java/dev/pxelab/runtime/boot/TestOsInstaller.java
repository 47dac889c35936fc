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
 * given, else pxelab builds it on first use (once per JVM, cached across runs in
 * {@code ~/.cache/pxelab}) from the recipe that ships in the {@code dev.pxelab:assets} artifact.
 *
 * @param flavour  the system it installs
 * @param buildDir the build's folder (the one holding {@code x86_64/}), or null to build it on first use
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
            throw new IllegalArgumentException("a test OS installer needs a flavour (TINY, DEBIAN or AUTO)");
        }
    }

    /** This installer for one user-data: AUTO becomes the smallest flavour that honours it. */
    public TestOsInstaller resolvedFor(String origin, String userData) {
        return flavour != TestOs.AUTO ? this : new TestOsInstaller(TestOs.smallestHonouring(origin, userData), buildDir);
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
        requireResolved();
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
                        + " testos.flavour=" + flavour.name().toLowerCase()
                        + (flavour == TestOs.DEBIAN ? " testos.packages=http://${server}/packages/" : "")
                        + " testos.report=http://${server}/${mac}/events?key=${report-key}",
                INSTALLED_UEFI_LOADER);
    }

    @Override
    public Optional<Path> assetRoot() {
        requireResolved();
        return Optional.of(locate());
    }

    /**
     * The image's dpkg status ({@code x86_64/debian-dpkg-status}), which the lab's package repository
     * resolves a config's {@code packages} against; empty for an image without apt.
     */
    public Optional<Path> imageStatus() {
        requireResolved();
        if (flavour != TestOs.DEBIAN) {
            return Optional.empty();
        }
        Path status = locate().resolve("x86_64/debian-dpkg-status");
        if (!Files.isRegularFile(status)) {
            throw new IllegalStateException("the debian test OS build in " + locate() + " has no x86_64/debian-dpkg-status:"
                    + " it predates the lab's package repository; rebuild it (build-testos.sh --flavour debian)");
        }
        return Optional.of(status);
    }

    @Override
    public Set<String> completionEvents() {
        return Set.of(FINISH_EVENT);
    }

    @Override
    public ValidationProfile validationProfile() {
        requireResolved();
        return flavour == TestOs.TINY ? ValidationProfile.PXELAB_TEST_OS : ValidationProfile.PXELAB_TEST_OS_DEBIAN;
    }

    private void requireResolved() {
        if (flavour == TestOs.AUTO) {
            throw new IllegalStateException("the AUTO test OS is chosen per user-data: call resolvedFor(...) first");
        }
    }

    /**
     * The build's folder: {@code buildDir} when given (it must hold a build), else the one this JVM
     * builds on first use from the recipe in the {@code assets} artifact ({@link TestOsFirstUse}).
     */
    Path locate() {
        if (buildDir != null) {
            if (isBuilt(buildDir)) {
                return buildDir;
            }
            throw new IllegalStateException("pxelab's test OS is not built: no x86_64/vmlinuz and"
                    + " x86_64/installer.initrd under " + buildDir.toAbsolutePath() + " (given by pxelab.testos.dir"
                    + " or the lab's testOsDir). Build one there with build-testos.sh of dev.pxelab:assets, or"
                    + " leave the setting out: pxelab then builds the test OS itself into ~/.cache/pxelab.");
        }
        return TestOsFirstUse.jvmWide().build(flavour);
    }

    private static boolean isBuilt(Path dir) {
        return Files.isRegularFile(dir.resolve("x86_64/vmlinuz"))
                && Files.isRegularFile(dir.resolve("x86_64/installer.initrd"));
    }
}
