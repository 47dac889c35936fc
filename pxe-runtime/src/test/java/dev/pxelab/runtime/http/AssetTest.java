package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.event.HttpEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernels, initrds and ISOs from the asset root, as iPXE, GRUB and curl fetch them. */
class AssetTest {

    static final int SIZE = 12 * 1024 * 1024 + 12345; // odd size: no accidental block alignment
    static final String SECRET = "root:x:0:0:do-not-serve-me";

    @TempDir static Path work;
    static Path assets;
    static byte[] kernel;
    static RunningServer http;

    @BeforeAll
    static void start() throws Exception {
        assets = Files.createDirectories(work.resolve("assets"));
        kernel = new byte[SIZE];
        new Random(42).nextBytes(kernel);
        Files.write(Files.createDirectories(assets.resolve("ubuntu")).resolve("vmlinuz"), kernel);
        Files.writeString(work.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(assets.resolve("link"), work.resolve("secret.txt"));
        http = new RunningServer(work, assets);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aMultiMegabyteAssetArrivesBitExact() throws Exception {
        Curl.Response download = http.get("/assets/ubuntu/vmlinuz");

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Length")).isEqualTo(String.valueOf(SIZE));
        assertThat(sha256(download.body())).isEqualTo(sha256(kernel));
        assertThat(http.awaitEvents(HttpEvent.class, 1)).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("/assets/ubuntu/vmlinuz");
            assertThat(e.bytes()).isEqualTo(SIZE);
        });
    }

    @Test
    void headGivesTheLengthWithoutTheBody() throws Exception {
        Curl.Response head = http.get("/assets/ubuntu/vmlinuz", "--head");

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(SIZE));
        assertThat(head.body().length).isLessThan(1000); // only the headers curl wrote
    }

    @Test
    void aSingleRangeIs206WithExactlyThoseBytes() throws Exception {
        Curl.Response part = http.get("/assets/ubuntu/vmlinuz", "--range", "1000000-1999999");

        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 1000000-1999999/" + SIZE);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(kernel, 1_000_000, 2_000_000));
    }

    @Test
    void aSuffixRangeGivesTheLastBytes() throws Exception {
        Curl.Response tail = http.get("/assets/ubuntu/vmlinuz", "--range", "-100");

        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(kernel, SIZE - 100, SIZE));
    }

    @Test
    void aRangeBeyondTheEndIs416() throws Exception {
        Curl.Response beyond = http.get("/assets/ubuntu/vmlinuz", "--range", SIZE + "-");

        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + SIZE);
    }

    @Test
    void pathsThatLeaveTheAssetRootAreRefused() throws Exception {
        for (String path : List.of("/assets/../secret.txt", "/assets/ubuntu/../../secret.txt",
                "/assets/%2e%2e/secret.txt", "/assets/%2E%2E/secret.txt", "/assets/ubuntu/%2e%2e/%2e%2e/secret.txt",
                "/assets/.%2e/secret.txt", "/assets//etc/passwd", "/assets/./ubuntu/vmlinuz")) {
            Curl.Response refused = http.get(path, "--path-as-is");

            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.text()).as(path).contains("refused").doesNotContain(SECRET);
        }
    }

    @Test
    void encodedSlashesAndAbsoluteFormTargetsDoNotEscapeEither() throws Exception {
        Curl.Response encodedSlash = http.get("/assets/..%2fsecret.txt", "--path-as-is");
        Curl.Response absoluteForm = Curl.run(work, "--request-target", http.url("/assets/../secret.txt"),
                http.url("/"));

        assertThat(encodedSlash.status()).isEqualTo(404);
        assertThat(encodedSlash.text()).doesNotContain(SECRET);
        assertThat(absoluteForm.status()).isEqualTo(400);
        assertThat(absoluteForm.text()).doesNotContain(SECRET);
    }

    @Test
    void symlinksOutOfTheRootAreNotFollowed() throws Exception {
        Curl.Response link = http.get("/assets/link");

        assertThat(link.status()).isEqualTo(404);
        assertThat(link.text()).doesNotContain(SECRET);
    }

    @Test
    void aMissingAssetIs404NamingIt() throws Exception {
        Curl.Response missing = http.get("/assets/ubuntu/initrd");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).contains("no asset /ubuntu/initrd under " + assets);
    }

    @Test
    void withoutAnAssetRootAssetsAre404SayingSo() throws Exception {
        try (RunningServer bare = new RunningServer(work, null)) {
            Curl.Response missing = bare.get("/assets/ubuntu/vmlinuz");

            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.text()).isEqualTo("this server has no asset root configured\n");
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
