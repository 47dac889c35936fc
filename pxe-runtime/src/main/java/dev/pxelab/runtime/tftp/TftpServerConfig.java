package dev.pxelab.runtime.tftp;

import dev.pxelab.runtime.net.Ipv4Subnet;
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
 * @param maxTransfers concurrent transfers in total; more requests are refused with "server busy"
 * @param maxTransfersPerClient concurrent transfers per client address
 * @param maxTimeout the largest timeout option granted; a client asking for more gets no timeout
 *        option in the OACK and the default timeout (RFC 2349 lets a server leave an option out)
 * @param transferLifetime a transfer that runs longer than this is ended, whatever its client does
 * @param netasciiBytes memory for netascii conversions of all running transfers together
 * @param clients the subnet requests are answered from, if limited: others are dropped unanswered
 */
public record TftpServerConfig(InetSocketAddress bind, Optional<Path> root, TftpFileSource files, Duration timeout,
                               int maxRetries, int maxBlockSize, int maxWindowSize, int maxTransfers,
                               int maxTransfersPerClient, Duration maxTimeout, Duration transferLifetime,
                               long netasciiBytes, Optional<Ipv4Subnet> clients) {

    /** Longer names are refused unread: no PXE client asks for one, and they would only fill logs. */
    public static final int MAX_NAME_LENGTH = 512;

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
        if (maxTransfers < 1 || maxTransfersPerClient < 1) {
            throw new IllegalArgumentException("maxTransfers and maxTransfersPerClient must be >= 1, were "
                    + maxTransfers + " and " + maxTransfersPerClient);
        }
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(transferLifetime, "transferLifetime");
        if (maxTimeout.toSeconds() < 1 || transferLifetime.isNegative() || transferLifetime.isZero()) {
            throw new IllegalArgumentException("maxTimeout must be >= 1 s and transferLifetime positive, were "
                    + maxTimeout + " and " + transferLifetime);
        }
        if (netasciiBytes < 0) {
            throw new IllegalArgumentException("netasciiBytes must be >= 0, was " + netasciiBytes);
        }
        Objects.requireNonNull(clients, "clients");
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
        private int maxTransfers = 64;
        private int maxTransfersPerClient = 16;
        private Duration maxTimeout = Duration.ofSeconds(5);
        private Duration transferLifetime = Duration.ofMinutes(10);
        private long netasciiBytes = 8L << 20;
        private Ipv4Subnet clients;

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

        public Builder maxTransfers(int total, int perClient) {
            this.maxTransfers = total;
            this.maxTransfersPerClient = perClient;
            return this;
        }

        public Builder maxTimeout(Duration maxTimeout) {
            this.maxTimeout = maxTimeout;
            return this;
        }

        public Builder transferLifetime(Duration transferLifetime) {
            this.transferLifetime = transferLifetime;
            return this;
        }

        public Builder netasciiBytes(long bytes) {
            this.netasciiBytes = bytes;
            return this;
        }

        /** Answer only clients in {@code subnet} (the lab's); default: anyone who reaches the address. */
        public Builder clients(Ipv4Subnet subnet) {
            this.clients = subnet;
            return this;
        }

        public TftpServerConfig build() {
            return new TftpServerConfig(new InetSocketAddress(address, port), Optional.ofNullable(root), files,
                    timeout, maxRetries, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxTimeout,
                    transferLifetime, netasciiBytes, Optional.ofNullable(clients));
        }
    }
}
