package dev.pxelab.assets;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the assets build put the test OS (assets/target/testos/x86_64) and its sources. */
final class TestOs {
    private TestOs() {}

    static Path dir() {
        Path dir = Path.of(System.getProperty("pxelab.testos.dir", "target/testos")).resolve("x86_64");
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new IllegalStateException("no test OS in " + dir.toAbsolutePath()
                    + ": the assets build (build-testos.sh, phase generate-resources) did not run or failed");
        }
        return dir;
    }

    static Path kernel() { return dir().resolve("vmlinuz"); }
    static Path installerInitrd() { return dir().resolve("installer.initrd"); }
    static Path tinyImage() { return dir().resolve("tiny-rootfs.tar.gz"); }
    static Path ytool() { return dir().resolve("ytool"); }

    static Path installerScripts() {
        return Path.of(System.getProperty("pxelab.testos.src", "src/testos")).resolve("initrd/usr/lib/testos");
    }
}
