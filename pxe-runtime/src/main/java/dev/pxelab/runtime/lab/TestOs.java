package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.BootProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * pxelab's hermetic test OS, built by the {@code assets} module from Debian packages: a netboot
 * installer that consumes Ubuntu's autoinstall command line and NoCloud data, and the small
 * system it installs. Found in the folder named by the system property {@value #DIR_PROPERTY},
 * else in {@code assets/target/testos} of this checkout (searched upward from the working
 * directory).
 */
public final class TestOs {

    public static final String DIR_PROPERTY = "pxelab.testos.dir";

    /** Which system the installer puts on the disk. */
    public enum Flavour {
        /** busybox + dropbear, a minimal first-boot applier of the user-data; always built. */
        TINY("tiny-rootfs.tar"),
        /** Debian 12 with systemd, OpenSSH and cloud-init; built only with the assets module's -Ppxelab-debian. */
        DEBIAN("debian-rootfs.tar");

        private final String image;

        Flavour(String image) {
            this.image = image;
        }

        /** The image's file name in the build's x86_64/ folder. */
        public String image() {
            return image;
        }
    }

    private final Path dir;

    private TestOs(Path dir) {
        this.dir = dir;
    }

    /** The built test OS, or an error that says how to build it. */
    public static TestOs locate() {
        return find().orElseThrow(() -> new IllegalStateException("pxelab's test OS is not built: no "
                + "x86_64/vmlinuz under " + (System.getProperty(DIR_PROPERTY) != null
                        ? System.getProperty(DIR_PROPERTY) + " (-D" + DIR_PROPERTY + ")"
                        : "assets/target/testos in " + Path.of("").toAbsolutePath() + " or its parents")
                + ". Build it with: mvn -B -pl assets package (after tools/setup)."));
    }

    static Optional<TestOs> find() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null) {
            return Optional.of(Path.of(configured)).filter(TestOs::isBuilt).map(TestOs::new);
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("assets/target/testos");
            if (isBuilt(candidate)) {
                return Optional.of(new TestOs(candidate));
            }
        }
        return Optional.empty();
    }

    private static boolean isBuilt(Path dir) {
        return Files.isRegularFile(dir.resolve("x86_64/vmlinuz")) && Files.isRegularFile(dir.resolve("x86_64/installer.initrd"));
    }

    /** The folder to serve as the provisioner's asset root. */
    public Path assetRoot() {
        return dir;
    }

    /**
     * The installer's boot profile: Ubuntu's autoinstall command line, plus where the installer
     * finds the system image and where it reports when it cannot read the user-data's own
     * {@code reporting} section (broken YAML still ends in a FAIL event, not a timeout).
     */
    public BootProfile profile() {
        return bootProfile(Flavour.TINY);
    }

    /**
     * As {@link #profile()}, installing the given flavour.
     *
     * @throws IllegalStateException when that flavour's image is not built, saying how to build it
     */
    public BootProfile profile(Flavour flavour) {
        if (!Files.isRegularFile(dir.resolve("x86_64").resolve(flavour.image()))) {
            throw new IllegalStateException("the test OS's " + flavour + " image is not built: no x86_64/"
                    + flavour.image() + " in " + dir + (flavour == Flavour.DEBIAN
                            ? ". Build it with: mvn -B -pl assets -Ppxelab-debian package (as root)." : ""));
        }
        return bootProfile(flavour);
    }

    /**
     * Where the test OS's installer puts GRUB for UEFI: the removable-media path of the EFI system
     * partition it labels TESTOS-ESP (assets/src/testos/initrd/usr/lib/testos/installer.sh).
     */
    static final String INSTALLED_UEFI_LOADER = "file://TESTOS-ESP/EFI/BOOT/BOOTX64.EFI";

    private static BootProfile bootProfile(Flavour flavour) {
        return new BootProfile(flavour == Flavour.TINY ? "pxelab-test-os" : "pxelab-test-os-" + flavour.name().toLowerCase(),
                "x86_64/vmlinuz", List.of("x86_64/installer.initrd"),
                "console=ttyS0 autoinstall ds=nocloud-net;s=http://${server}/${mac}/"
                        + " testos.image=http://${server}/assets/x86_64/" + flavour.image()
                        + " testos.report=http://${server}/${mac}/events",
                INSTALLED_UEFI_LOADER);
    }

    @Override
    public String toString() {
        return "test OS in " + dir;
    }
}
