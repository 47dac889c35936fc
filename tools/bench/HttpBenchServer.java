import dev.pxelab.runtime.http.BootContent;
import dev.pxelab.runtime.http.HostBoot;
import dev.pxelab.runtime.http.HttpProvisioningServer;
import dev.pxelab.runtime.http.HttpServerConfig;
import dev.pxelab.runtime.http.NoCloudData;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves an asset folder with pxelab's HTTP server for tools/bench/http.sh:
 * {@code java -cp <runtime classpath> HttpBenchServer.java <asset-root> <port>}; stops when stdin closes.
 */
public class HttpBenchServer {
    public static void main(String[] args) throws Exception {
        BootContent none = new BootContent() {
            @Override
            public Optional<HostBoot> host(MacAddress mac) {
                return Optional.empty();
            }

            @Override
            public NoCloudData generic() {
                return NoCloudData.NONE;
            }
        };
        HttpServerConfig config = HttpServerConfig.builder().port(Integer.parseInt(args[1]))
                .assetRoot(Path.of(args[0])).build();
        try (HttpProvisioningServer server = HttpProvisioningServer.start(config, none, event -> { })) {
            System.out.println("ready " + server.baseUri());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the script to close our stdin
            }
        }
    }
}
