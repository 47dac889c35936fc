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
 * <p>It installs x86_64 machines (BIOS and UEFI) and aarch64 ones (UEFI): the build keeps each
 * architecture's files in a folder of that name ({@code x86_64/}, {@code aarch64/}), so one build
 * folder serves a lab of both; each flavour is built per architecture ({@code -Paarch64}, and
 * {@code -Ppxelab-debian} for the debian one).
 *
 * @param buildDir the build's folder (the one holding {@code x86_64/} and, when built, {@code aarch64/}),
 *                 or null to build it on first use
 */
public record TestOsInstaller(TestOs flavour, Path buildDir) implements Installer {

    /**
     * Kernel parameters for the installer and, after {@code ---} (read as Debian's installer reads
     * it), for the installed system. {@code norandmaps}: QEMU 7.2's TCG keys the x86 code it has
     * translated by virtual address, so with address-space randomisation every new process
     * translates its shared libraries afresh; with it off, a fork and exec costs a quarter, and
     * the maintainer scripts of a package install and a first boot's cloud-init run about twice as
     * fast (docs/benchmarks.md). A lab machine is thrown away after its test.
     */
    static final String INSTALLED_KERNEL_ARGS = "norandmaps";

    /** The finish event the test OS sends when the whole install is done. */
    public static final String FINISH_EVENT = "subiquity/Install";

    /**
     * Where the installer puts GRUB for UEFI: the removable-media path of the EFI system partition
     * it labels TESTOS-ESP (assets/src/testos/initrd/usr/lib/testos/installer.sh), named per architecture.
     */
    static String installedUefiLoader(Architecture architecture) {
        return "file://TESTOS-ESP/EFI/BOOT/" + (architecture == Architecture.AARCH64 ? "BOOTAA64.EFI" : "BOOTX64.EFI");
    }

    /** The serial console of the machines pxelab starts: the PC's 16550, the arm64 {@code virt} machine's PL011. */
    static String console(Architecture architecture) {
        return architecture == Architecture.AARCH64 ? "ttyAMA0" : "ttyS0";
    }

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
        Path dir = locate(architecture);
        String arch = architecture.unameMachine();
        if (!Files.isRegularFile(dir.resolve(arch).resolve(flavour.image()))) {
            throw new IllegalStateException("the test OS's " + flavour + " image is not built: no " + arch + "/"
                    + flavour.image() + " in " + dir + (flavour == TestOs.DEBIAN
                            ? ". Build it with: mvn -B -pl assets -Ppxelab-debian" + (architecture == Architecture.X86_64
                                    ? "" : ",aarch64") + " package (as root)." : ""));
        }
        return new BootProfile(name(), arch + "/vmlinuz", List.of(arch + "/installer.initrd"),
                "console=" + console(architecture) + " autoinstall ds=nocloud-net;s=http://${server}/${mac}/"
                        + " testos.image=http://${server}/assets/" + arch + "/" + flavour.image()
                        + " testos.flavour=" + flavour.name().toLowerCase()
                        + (flavour == TestOs.DEBIAN ? " testos.packages=http://${server}/packages/" : "")
                        + " testos.report=http://${server}/${mac}/events?key=${report-key}"
                        + " --- " + INSTALLED_KERNEL_ARGS,
                installedUefiLoader(architecture));
    }

    /**
     * The build folder, which holds each architecture the lab's targets asked for in
     * {@link #bootProfile}: x86_64's is always there (it boots machines the lab does not know).
     */
    @Override
    public Optional<Path> assetRoot() {
        requireResolved();
        return Optional.of(locate(Architecture.X86_64));
    }

    /** {@link #imageStatus(Architecture)} of the x86_64 image. */
    public Optional<Path> imageStatus() {
        return imageStatus(Architecture.X86_64);
    }

    /**
     * The image's dpkg status ({@code <arch>/debian-dpkg-status}), which the lab's package repository
     * resolves a config's {@code packages} against; empty for an image without apt.
     */
    public Optional<Path> imageStatus(Architecture architecture) {
        requireResolved();
        if (flavour != TestOs.DEBIAN) {
            return Optional.empty();
        }
        String file = architecture.unameMachine() + "/debian-dpkg-status";
        Path status = locate(architecture).resolve(file);
        if (!Files.isRegularFile(status)) {
            throw new IllegalStateException("the debian test OS build in " + locate(architecture) + " has no " + file + ":"
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

    Path locate() {
        return locate(Architecture.X86_64);
    }

    /**
     * The build's folder, holding {@code <arch>/}: {@code buildDir} when given (it must hold that
     * build), else the one this JVM builds on first use from the recipe in the {@code assets}
     * artifact ({@link TestOsFirstUse}).
     */
    Path locate(Architecture architecture) {
        if (buildDir != null) {
            if (isBuilt(buildDir, architecture)) {
                return buildDir;
            }
            String arch = architecture.unameMachine();
            throw new IllegalStateException("pxelab's test OS is not built" + (architecture == Architecture.X86_64 ? ""
                    : " for " + arch) + ": no " + arch + "/vmlinuz and " + arch + "/installer.initrd under "
                    + buildDir.toAbsolutePath() + " (given by pxelab.testos.dir or the lab's testOsDir). Build one there"
                    + " with build-testos.sh" + (architecture == Architecture.X86_64 ? "" : " --arch " + arch)
                    + " of dev.pxelab:assets" + (architecture == Architecture.AARCH64
                            ? " (in pxelab's own build: mvn -Paarch64)" : "")
                    + ", or leave the setting out: pxelab then builds the test OS itself into ~/.cache/pxelab.");
        }
        return TestOsFirstUse.jvmWide().build(flavour, architecture);
    }

    private static boolean isBuilt(Path dir, Architecture architecture) {
        Path arch = dir.resolve(architecture.unameMachine());
        return Files.isRegularFile(arch.resolve("vmlinuz")) && Files.isRegularFile(arch.resolve("installer.initrd"));
    }
}
