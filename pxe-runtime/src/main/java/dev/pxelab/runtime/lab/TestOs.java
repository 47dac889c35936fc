package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.http.BootProfile;
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
     * finds the system image and where it reports to.
     */
    public BootProfile profile() {
        // The assets build ships the image as .tar (newer builds) or .tar.gz; the installer reads both.
        String image = Files.isRegularFile(dir.resolve("x86_64/tiny-rootfs.tar")) ? "x86_64/tiny-rootfs.tar"
                : "x86_64/tiny-rootfs.tar.gz";
        return new BootProfile("pxelab-test-os", "x86_64/vmlinuz", List.of("x86_64/installer.initrd"),
                "console=ttyS0 autoinstall ds=nocloud-net;s=http://${server}/${mac}/"
                        + " testos.image=http://${server}/assets/" + image
                        // Where the installer reports progress when the user-data names no webhook
                        // (users' files usually don't): without the final SUCCESS the lab never
                        // learns the install is done and boots the installer again.
                        + " testos.report=http://${server}/${mac}/events");
    }

    @Override
    public String toString() {
        return "test OS in " + dir;
    }
}
