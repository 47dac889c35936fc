package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's flat apt repository at {@code /packages/}, as a machine's apt fetches it from
 * {@code deb [trusted=yes] http://<server>/packages/ ./}: the same read-only serving as
 * {@code /assets/} (AssetTest), from a root of its own.
 */
class PackageServingTest {

    static final String SECRET = "root:x:0:0:do-not-serve-me";

    @TempDir static Path work;
    static Path packages;
    static Path assets;
    static byte[] deb;
    static RunningServer http;

    @BeforeAll
    static void start() throws Exception {
        packages = Files.createDirectories(work.resolve("packages"));
        assets = Files.createDirectories(work.resolve("assets"));
        deb = new byte[300_001];
        new Random(7).nextBytes(deb);
        Files.write(packages.resolve("jq_1.6-2.1+deb12u3_amd64.deb"), deb);
        Files.writeString(packages.resolve("Packages"), "Package: jq\nFilename: ./jq_1.6-2.1+deb12u3_amd64.deb\n");
        Files.writeString(assets.resolve("vmlinuz"), "kernel");
        Files.writeString(work.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(packages.resolve("link"), work.resolve("secret.txt"));
        http = RunningServer.with(HttpServerConfig.builder().port(0).assetRoot(assets).packageRoot(packages).build(), work);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void theIndexAndTheDebsAreServedWithTheirLength() throws Exception {
        Curl.Response index = http.get("/packages/Packages");
        Curl.Response file = http.get("/packages/jq_1.6-2.1+deb12u3_amd64.deb");

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.text()).startsWith("Package: jq\n");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Length")).isEqualTo(String.valueOf(deb.length));
        assertThat(file.body()).isEqualTo(deb);
    }

    @Test
    void assetsAndPackagesEachComeFromTheirOwnRoot() throws Exception {
        assertThat(http.get("/assets/vmlinuz").text()).isEqualTo("kernel");
        assertThat(http.get("/packages/vmlinuz").status()).isEqualTo(404);
        assertThat(http.get("/assets/Packages").status()).isEqualTo(404);
    }

    @Test
    void aMissingIndexIs404NamingItSoAptSaysWhatItLacked() throws Exception {
        // apt asks for InRelease first; the flat repository has only Release
        Curl.Response missing = http.get("/packages/InRelease");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).contains("no package file /InRelease under " + packages);
    }

    @Test
    void pathsThatLeaveThePackageRootAreRefused() throws Exception {
        for (String path : List.of("/packages/../secret.txt", "/packages/%2e%2e/secret.txt", "/packages//etc/passwd")) {
            Curl.Response refused = http.get(path, "--path-as-is");

            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.text()).as(path).contains("refused").doesNotContain(SECRET);
        }
        assertThat(http.get("/packages/link").text()).doesNotContain(SECRET);
    }

    @Test
    void withoutAPackageRootPackagesAre404SayingSo() throws Exception {
        try (RunningServer bare = new RunningServer(work, assets)) {
            Curl.Response missing = bare.get("/packages/Packages");

            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.text()).isEqualTo("this server has no package root configured\n");
        }
    }

    @Test
    void aPackageRootThatIsNotADirectoryIsRefusedUpFront() {
        assertThatThrownBy(() -> HttpServerConfig.builder()
                        .packageRoot(work.resolve("secret.txt")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("package root " + work.resolve("secret.txt") + " is not a directory");
    }
}
