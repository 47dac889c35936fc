package dev.pxelab.runtime.tftp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link TftpServer} runs. Build with {@link #builder()}.
 *
 * @param bind address and port the server listens on (port 0: an ephemeral port, see {@link TftpServer#address()})
 * @param root the folder files are served from, if any; nothing outside it is ever served
 * @param files in-memory/generated files, consulted before {@code root}
 * @param timeout the retransmission timeout when the client does not ask for one (doubles on every retry, up to 8x)
 * @param maxRetries retransmissions of the same window before the transfer fails
 * @param maxBlockSize the largest blksize granted (further clamped to the path MTU)
 * @param maxWindowSize the largest windowsize granted
 */
public record TftpServerConfig(InetSocketAddress bind, Optional<Path> root, TftpFileSource files, Duration timeout,
                               int maxRetries, int maxBlockSize, int maxWindowSize) {

    public TftpServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (maxBlockSize < TransferOptions.MIN_BLOCK_SIZE || maxBlockSize > TransferOptions.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxBlockSize must be within 8-65464, was " + maxBlockSize);
        }
        if (maxWindowSize < 1 || maxWindowSize > 65535) {
            throw new IllegalArgumentException("maxWindowSize must be within 1-65535, was " + maxWindowSize);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port = 69;
        private Path root;
        private TftpFileSource files = TftpFileSource.NONE;
        private Duration timeout = Duration.ofSeconds(1);
        private int maxRetries = 5;
        private int maxBlockSize = TransferOptions.MAX_BLOCK_SIZE;
        private int maxWindowSize = 64;

        private Builder() {
        }

        /** The address to listen on; the lab address in practice (default: loopback). */
        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Default 69; 0 for an ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be within 0-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        public Builder files(TftpFileSource files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder maxBlockSize(int maxBlockSize) {
            this.maxBlockSize = maxBlockSize;
            return this;
        }

        public Builder maxWindowSize(int maxWindowSize) {
            this.maxWindowSize = maxWindowSize;
            return this;
        }

        public TftpServerConfig build() {
            return new TftpServerConfig(new InetSocketAddress(address, port), Optional.ofNullable(root), files,
                    timeout, maxRetries, maxBlockSize, maxWindowSize);
        }
    }
}
