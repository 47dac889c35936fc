package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UEFI HTTP boot gets {@code http://<server>/snponly.efi} from DHCP (where firmware PXE gets the
 * same file over TFTP), so the HTTP server serves the lab's boot loaders at the root.
 */
class BootLoaderOverHttpTest {

    static final Path SNPONLY = Path.of("/usr/lib/ipxe/snponly.efi");

    @TempDir static Path work;
    static RunningServer http;

    @BeforeAll
    static void start() {
        http = RunningServer.with(HttpServerConfig.builder().port(0)
                .bootLoaders(Map.of("snponly.efi", SNPONLY)).build(), work);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void theLoaderArrivesBitExactAndItsSizeIsKnownFirst() throws Exception {
        Curl.Response head = http.get("/snponly.efi", "--head");
        Curl.Response body = http.get("/snponly.efi");

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(Files.size(SNPONLY)));
        assertThat(body.status()).isEqualTo(200);
        assertThat(Arrays.equals(body.body(), Files.readAllBytes(SNPONLY))).isTrue();
    }

    @Test
    void onlyTheLoadersAreServedThere() throws Exception {
        assertThat(http.get("/ipxe.efi").status()).isEqualTo(404);
        assertThat(http.get("/snponly.efi", "-X", "POST").status()).isEqualTo(404);
    }

    @Test
    void aLoaderNameCannotReachIntoOtherPaths() {
        assertThatThrownBy(() -> HttpServerConfig.builder().bootLoaders(Map.of("assets/x.efi", SNPONLY)).build())
                .hasMessage("boot loader name 'assets/x.efi': expected a file name such as snponly.efi");
    }
}
