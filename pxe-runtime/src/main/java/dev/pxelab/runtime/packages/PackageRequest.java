package dev.pxelab.runtime.packages;

import dev.pxelab.runtime.boot.Architecture;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The packages an autoinstall document lists, for the image they will be installed into.
 *
 * @param names package names as autoinstall's {@code packages:} gives them to apt: {@code nginx},
 *        also {@code nginx=1.22.1-9} or {@code nginx/bookworm-backports}
 * @param imageStatus the dpkg status file of the image ({@code var/lib/dpkg/status}): what it
 *        already holds is not fetched
 * @param architecture the machines' architecture
 */
public record PackageRequest(List<String> names, Path imageStatus, Architecture architecture) {

    /**
     * Debian policy's package name, an optional {@code :arch}, and an optional {@code =version} or
     * {@code /release}: anything else (above all, a leading '-') must not reach apt-get's command line.
     */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?([=/][A-Za-z0-9.+~:_-]+)?");

    public PackageRequest {
        names = List.copyOf(Objects.requireNonNull(names, "names"));
        Objects.requireNonNull(imageStatus, "imageStatus");
        Objects.requireNonNull(architecture, "architecture");
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a Debian package name (lower case letters,"
                        + " digits, + - . ; at least two characters; optionally =version or /release)");
            }
        }
    }

    /** Debian's name for the architecture, as apt and the .deb file names spell it. */
    String debianArchitecture() {
        return switch (architecture) {
            case X86_64 -> "amd64";
            case AARCH64 -> "arm64";
        };
    }
}
