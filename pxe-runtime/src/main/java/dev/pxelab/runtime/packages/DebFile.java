package dev.pxelab.runtime.packages;

/**
 * One Debian binary package in a prepared repository.
 *
 * @param name the package name, e.g. {@code libjq1}
 * @param version its version, epoch included, e.g. {@code 1:3.6.0-7.1}
 * @param architecture {@code amd64}, {@code arm64} or {@code all}
 * @param size the size of the .deb in bytes
 */
public record DebFile(String name, String version, String architecture, long size) {

    /**
     * The name apt gives the .deb in its archive cache: {@code name_version_arch.deb} with the epoch's
     * colon escaped as {@code %3a}, because apt writes it that way and we find apt's files by it.
     */
    public String fileName() {
        return name + "_" + version.replace(":", "%3a") + "_" + architecture + ".deb";
    }
}
