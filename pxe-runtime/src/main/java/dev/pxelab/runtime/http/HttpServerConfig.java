package dev.pxelab.runtime.http;

import dev.pxelab.runtime.net.Ipv4Subnet;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the provisioner's HTTP server listens.
 *
 * @param bindAddress the address to listen on (the lab address; default loopback)
 * @param port the port (default 80; 0 picks a free one, for tests)
 * @param assetRoot the folder served at {@code /assets/}, or null for none
 * @param advertisedHost host[:port] that boot scripts put into URLs as {@code ${server}}; null to
 *        use the local address and port each request arrived on, which is what the client reached
 * @param bootLoaders network boot loaders served at the root by name, for UEFI HTTP boot
 * @param limits body size, timeouts and connections
 * @param clients the subnet requests are answered from, or null for anyone: connections from
 *        elsewhere are closed unanswered
 * @param packageRoot the folder served read-only at {@code /packages/} (the lab's flat apt
 *        repository, see {@code dev.pxelab.runtime.packages}), or null for none
 */
public record HttpServerConfig(InetAddress bindAddress, int port, Path assetRoot, String advertisedHost,
                               Map<String, Path> bootLoaders, HttpLimits limits, Ipv4Subnet clients,
                               Path packageRoot) {

    /** Without a package root: the components this record had before it served lab packages. */
    public HttpServerConfig(InetAddress bindAddress, int port, Path assetRoot, String advertisedHost,
                            Map<String, Path> bootLoaders, HttpLimits limits, Ipv4Subnet clients) {
        this(bindAddress, port, assetRoot, advertisedHost, bootLoaders, limits, clients, null);
    }

    public HttpServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0..65535, got " + port);
        }
        assetRoot = directory("asset root", assetRoot);
        packageRoot = directory("package root", packageRoot);
        bootLoaders = Map.copyOf(bootLoaders == null ? Map.of() : bootLoaders);
        limits = limits == null ? HttpLimits.DEFAULTS : limits;
        bootLoaders.keySet().forEach(name -> {
            if (name.contains("/") || !name.contains(".")) {
                // served at the root by exact name: nothing that could shadow /<mac>/ or /assets/
                throw new IllegalArgumentException("boot loader name '" + name + "': expected a file name such as snponly.efi");
            }
        });
    }

    private static Path directory(String what, Path root) {
        if (root == null) {
            return null;
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(what + " " + root + " is not a directory");
        }
        return root.toAbsolutePath().normalize();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port = 80;
        private Path assetRoot;
        private String advertisedHost;
        private Map<String, Path> bootLoaders = Map.of();
        private HttpLimits limits = HttpLimits.DEFAULTS;
        private Ipv4Subnet clients;
        private Path packageRoot;

        private Builder() { }

        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder assetRoot(Path assetRoot) {
            this.assetRoot = assetRoot;
            return this;
        }

        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        /** Loaders by file name, served at {@code /<name>}. */
        public Builder bootLoaders(Map<String, Path> bootLoaders) {
            this.bootLoaders = bootLoaders;
            return this;
        }

        public Builder limits(HttpLimits limits) {
            this.limits = limits;
            return this;
        }

        /** Answer only clients in {@code subnet} (the lab's); default: anyone who reaches the address. */
        public Builder clients(Ipv4Subnet subnet) {
            this.clients = subnet;
            return this;
        }

        /** The lab's flat apt repository, served read-only at {@code /packages/}; default: none. */
        public Builder packageRoot(Path packageRoot) {
            this.packageRoot = packageRoot;
            return this;
        }

        public HttpServerConfig build() {
            return new HttpServerConfig(bindAddress, port, assetRoot, advertisedHost, bootLoaders, limits, clients,
                    packageRoot);
        }
    }
}
