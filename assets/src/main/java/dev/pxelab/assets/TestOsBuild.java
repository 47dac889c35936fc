package dev.pxelab.assets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The hermetic test OS that {@code assets/build-testos.sh} builds (Maven: the assets module's
 * generate-resources phase), located on disk, plus what a provisioner needs to serve it:
 * <ul>
 *   <li>kernel + initrd, booted with {@link #kernelCommandLine(String)} (Ubuntu's autoinstall
 *       command line, so a boot script treats it like Ubuntu's installer);</li>
 *   <li>the system image, fetched by the installer from {@link #IMAGE_PATH} on the seed URL's
 *       host (or from {@code testos.image=URL} on the command line);</li>
 *   <li>the installer's final reporting event is named {@link #FINAL_EVENT}.</li>
 * </ul>
 */
public final class TestOsBuild {
    /** Where the installer fetches the tiny system from, on the host:port of the NoCloud seed URL. */
    public static final String IMAGE_PATH = "/testos/x86_64/tiny-rootfs.tar";
    /**
     * Where the runtime serves the {@code debian} flavour (a real Debian 12 with systemd, OpenSSH
     * and cloud-init); the installer takes it when the command line says
     * {@code testos.image=http://<server>}{@value}. Built only with {@code -Ppxelab-debian}.
     */
    public static final String DEBIAN_IMAGE_PATH = "/testos/x86_64/debian-rootfs.tar";
    /** Name of the finish event (result SUCCESS or FAIL) that ends every install. */
    public static final String FINAL_EVENT = "subiquity/Install";
    /** System property naming the build output directory (the one holding x86_64/). */
    public static final String DIR_PROPERTY = "pxelab.testos.dir";

    private final Path dir;

    private TestOsBuild(Path dir) {
        this.dir = dir;
    }

    /**
     * The x86_64 build in {@code dir} (e.g. {@code assets/target/testos}).
     *
     * @throws IllegalStateException when the build is not there, saying where it looked
     */
    public static TestOsBuild in(Path dir) {
        Path arch = Objects.requireNonNull(dir, "dir").resolve("x86_64");
        if (!Files.isRegularFile(arch.resolve("manifest.json"))) {
            throw new IllegalStateException("no test OS build in " + arch.toAbsolutePath()
                    + " (no manifest.json): run the assets module's build (assets/build-testos.sh)");
        }
        return new TestOsBuild(arch);
    }

    /** The build named by the system property {@value #DIR_PROPERTY}, else {@code assets/target/testos}. */
    public static TestOsBuild locate() {
        return in(Path.of(System.getProperty(DIR_PROPERTY, "assets/target/testos")));
    }

    public Path kernel() { return dir.resolve("vmlinuz"); }

    public Path installerInitrd() { return dir.resolve("installer.initrd"); }

    public Path tinyImage() { return dir.resolve("tiny-rootfs.tar"); }

    /** The debian flavour's image; it exists only when the build ran with {@code --flavour debian}. */
    public Path debianImage() { return dir.resolve("debian-rootfs.tar"); }

    public Path manifest() { return dir.resolve("manifest.json"); }

    /** The static YAML helper the installer uses; it runs on the build host too. */
    public Path ytool() { return dir.resolve("ytool"); }

    /**
     * The installer's kernel command line for a NoCloud seed URL ({@code http://server/MAC/}).
     * The {@code ;} needs quoting in GRUB and shells, not in iPXE scripts.
     */
    public static String kernelCommandLine(String seedUrl) {
        if (!seedUrl.startsWith("http://")) {
            throw new IllegalArgumentException("the installer fetches its seed over plain HTTP, not " + seedUrl);
        }
        return "console=ttyS0 autoinstall ds=nocloud-net;s=" + (seedUrl.endsWith("/") ? seedUrl : seedUrl + "/");
    }

    /**
     * As {@link #kernelCommandLine(String)}, plus {@code testos.report=URL}: the webhook the installer
     * reports to when the user-data names none or cannot be parsed at all (bad YAML), so that even
     * then the provisioner hears the FAIL event instead of waiting for a timeout.
     */
    public static String kernelCommandLine(String seedUrl, String fallbackWebhookUrl) {
        if (!fallbackWebhookUrl.startsWith("http://") || fallbackWebhookUrl.contains(" ")) {
            throw new IllegalArgumentException("the installer posts events over plain HTTP to a URL without spaces, not "
                    + fallbackWebhookUrl);
        }
        return kernelCommandLine(seedUrl) + " testos.report=" + fallbackWebhookUrl;
    }

    @Override
    public String toString() { return "TestOsBuild[" + dir + "]"; }
}
