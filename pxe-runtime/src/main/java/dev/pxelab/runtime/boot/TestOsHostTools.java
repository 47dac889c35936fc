package dev.pxelab.runtime.boot;

import dev.pxelab.runtime.host.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What building the test OS needs of the host, checked before the build starts, so that a host
 * without apt or without a build tool gets one message naming all of it (the recipe would stop at
 * the first). Mirrors the tool check at the top of assets/build-testos.sh.
 */
final class TestOsHostTools {

    /** apt fetches the Debian packages the test OS is made of: without it there is nothing to build from. */
    static final Map<String, String> APT = Map.of("apt-get", "apt", "apt-cache", "apt", "dpkg-deb", "dpkg");

    /** The other commands the recipe runs, with the Debian package of each. */
    static final Map<String, String> TOOLS = tools();

    /**
     * What a cross build for aarch64 needs on top: Debian's cross compiler and binutils (ytool, and
     * reading the arm64 kernel modules), and a busybox that runs here to list the applets. The
     * host's apt must also know arm64 packages; the recipe checks that itself and says how.
     */
    static final Map<String, String> AARCH64_TOOLS = Map.of(
            "aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu",
            "aarch64-linux-gnu-objcopy", "binutils-aarch64-linux-gnu",
            "aarch64-linux-gnu-strip", "binutils-aarch64-linux-gnu",
            "busybox", "busybox-static");

    /** Files the recipe links against. */
    static final Map<String, String> FILES = Map.of(
            "/usr/lib/x86_64-linux-gnu/libyaml.a", "libyaml-dev",
            "/usr/lib/x86_64-linux-gnu/libc.a", "libc6-dev");

    private final Predicate<String> onPath;
    private final Predicate<String> exists;

    TestOsHostTools(Predicate<String> onPath, Predicate<String> exists) {
        this.onPath = onPath;
        this.exists = exists;
    }

    static TestOsHostTools ofThisHost() {
        return new TestOsHostTools(HostTools.onPath(), file -> Files.isRegularFile(Path.of(file)));
    }

    private static Map<String, String> tools() {
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("gcc", "gcc");
        tools.put("grub-mkimage", "grub-common");
        tools.put("cpio", "cpio");
        tools.put("objdump", "binutils");
        tools.put("objcopy", "binutils");
        tools.put("strip", "binutils");
        tools.put("gzip", "gzip");
        tools.put("tar", "tar");
        tools.put("sha256sum", "coreutils");
        return tools;
    }

    /** {@link #require(Architecture)} for x86_64. */
    void require() {
        require(Architecture.X86_64);
    }

    /**
     * Throws an {@link IllegalStateException} that names what is missing to build for {@code arch}
     * and how to get it; nothing when all is there.
     */
    void require(Architecture arch) {
        List<String> noApt = APT.keySet().stream().filter(onPath.negate()).sorted().toList();
        if (!noApt.isEmpty()) {
            throw new IllegalStateException("pxelab builds its test OS from Debian 12 packages through this host's apt,"
                    + " but this host has no " + String.join(", ", noApt) + ". Run the tests on Debian or Ubuntu (x86_64),"
                    + " or build the test OS on such a host (sh build-testos.sh OUT, from the jar of dev.pxelab:assets"
                    + " or pxelab's assets/ folder) and point pxelab.testos.dir at OUT.");
        }
        HostTools.Missing missing = HostTools.Missing.of(TOOLS, onPath).and(HostTools.Missing.of(FILES, exists));
        if (arch == Architecture.AARCH64) {
            missing = missing.and(HostTools.Missing.of(AARCH64_TOOLS, onPath));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("pxelab cannot build its test OS" + (arch == Architecture.X86_64 ? "" : " for "
                    + arch.unameMachine()) + ": this host lacks "
                    + String.join(", ", missing.items()) + ". Install them with: sudo apt-get install "
                    + String.join(" ", missing.packages()));
        }
    }
}
