package dev.pxelab.runtime.http;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the provisioner's HTTP server listens.
 *
 * @param bindAddress the address to listen on (the lab address; default loopback)
 * @param port the port (default 80; 0 picks a free one, for tests)
 * @param assetRoot the folder served at {@code /assets/}, or null for none
 * @param advertisedHost host[:port] that boot scripts put into URLs as {@code ${server}}; null to
 *        use the local address and port each request arrived on, which is what the client reached
 */
public record HttpServerConfig(InetAddress bindAddress, int port, Path assetRoot, String advertisedHost) {

    public HttpServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0..65535, got " + port);
        }
        if (assetRoot != null) {
            if (!Files.isDirectory(assetRoot)) {
                throw new IllegalArgumentException("asset root " + assetRoot + " is not a directory");
            }
            assetRoot = assetRoot.toAbsolutePath().normalize();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port = 80;
        private Path assetRoot;
        private String advertisedHost;

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

        public HttpServerConfig build() {
            return new HttpServerConfig(bindAddress, port, assetRoot, advertisedHost);
        }
    }
}
