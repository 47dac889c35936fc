package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.http.NoCloudData;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One machine the lab provisions, identified by its MAC. Everything but the MAC is optional: a
 * host without an address gets one from the pool, a host without NoCloud documents gets the lab's
 * generic ones, a host without a profile boots the lab's default profile.
 *
 * <pre>{@code
 * Host web = Host.builder("52:54:00:00:00:11")
 *         .address("192.168.105.11").hostname("web-1")
 *         .userData(Path.of("autoinstall/web.yaml"))
 *         .build();
 * }</pre>
 */
public record Host(MacAddress mac, Inet4Address address, String hostname, NoCloudData data, BootProfile profile,
                   Firmware firmware) {

    private static final Pattern HOSTNAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    public Host {
        Objects.requireNonNull(mac, "mac");
        if (hostname != null && !HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("host " + mac + ": " + notAHostname(hostname));
        }
        data = data == null ? NoCloudData.NONE : data;
    }

    /** {@code hostname} if it is a valid DNS hostname, else an error that says what is wrong. */
    public static String requireHostname(String hostname) {
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException(notAHostname(hostname));
        }
        return hostname;
    }

    private static String notAHostname(String hostname) {
        return "'" + hostname + "' is not a valid hostname"
                + " (letters, digits and '-', labels of at most 63 characters, separated by '.')";
    }

    public Optional<Inet4Address> fixedAddress() {
        return Optional.ofNullable(address);
    }

    public Optional<String> name() {
        return Optional.ofNullable(hostname);
    }

    public static Builder builder(String mac) {
        return new Builder(MacAddress.of(mac));
    }

    public static Builder builder(MacAddress mac) {
        return new Builder(mac);
    }

    public static final class Builder {
        private final MacAddress mac;
        private Inet4Address address;
        private String hostname;
        private byte[] userData;
        private byte[] metaData;
        private byte[] vendorData;
        private byte[] networkConfig;
        private BootProfile profile;
        private Firmware firmware;

        private Builder(MacAddress mac) {
            this.mac = mac;
        }

        public Builder address(String address) {
            this.address = ipv4(mac, address);
            return this;
        }

        public Builder address(Inet4Address address) {
            this.address = address;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder userData(String content) {
            this.userData = bytes(content);
            return this;
        }

        public Builder userData(Path file) {
            this.userData = read(mac, "user-data", file);
            return this;
        }

        public Builder metaData(String content) {
            this.metaData = bytes(content);
            return this;
        }

        public Builder metaData(Path file) {
            this.metaData = read(mac, "meta-data", file);
            return this;
        }

        public Builder vendorData(String content) {
            this.vendorData = bytes(content);
            return this;
        }

        public Builder vendorData(Path file) {
            this.vendorData = read(mac, "vendor-data", file);
            return this;
        }

        public Builder networkConfig(String content) {
            this.networkConfig = bytes(content);
            return this;
        }

        public Builder networkConfig(Path file) {
            this.networkConfig = read(mac, "network-config", file);
            return this;
        }

        public Builder profile(BootProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder firmware(Firmware firmware) {
            this.firmware = firmware;
            return this;
        }

        public Host build() {
            return new Host(mac, address, hostname, new NoCloudData(userData, metaData, vendorData, networkConfig),
                    profile, firmware);
        }
    }

    private static byte[] bytes(String content) {
        return content == null ? null : content.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] read(Object owner, String what, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(owner + ": " + what + " file " + file.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot read " + what + " file " + file.toAbsolutePath(), e);
        }
    }

    static Inet4Address ipv4(Object owner, String text) {
        return Ipv4.parse(owner, text);
    }
}
