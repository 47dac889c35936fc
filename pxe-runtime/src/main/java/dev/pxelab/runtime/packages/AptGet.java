package dev.pxelab.runtime.packages;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * apt-get and apt-cache with the host's sources, keys and package lists, but the image's dpkg status
 * and pxelab's archive cache: apt then resolves as if it ran inside the image, and downloads into
 * the cache, without reading or writing the host's own package state.
 *
 * <p>Recommends are not installed ({@code APT::Install-Recommends=false}), unlike apt's default:
 * measured on bookworm against the debian test OS image, {@code nginx chrony prometheus-node-exporter
 * jq} are 7 packages and 5.4 MB without Recommends but 48 packages and 28.9 MB with them (perl,
 * dbus, smartmontools, nvme-cli, ipmitool; 120 MB installed), every one of which a lab machine would
 * download and unpack under emulation. A test that needs a recommended package lists it.
 */
final class AptGet {

    static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(2);
    static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(20);

    private final List<String> launcher;
    private final Path imageStatus;
    private final Path archives;
    private final Path aptState;
    private final String architecture;
    private final boolean root;

    /**
     * @param launcher what the apt commands are started through (usually nothing; see
     *        {@link PackageRepository} for why a test JVM may need {@code nsenter})
     * @param archives where the .debs are cached (apt's {@code Dir::Cache::archives})
     * @param aptState where apt may keep its own files for this cache (binary caches, extended states)
     */
    AptGet(List<String> launcher, Path imageStatus, Path archives, Path aptState, String architecture, boolean root) {
        this.launcher = List.copyOf(launcher);
        this.imageStatus = imageStatus;
        this.archives = archives;
        this.aptState = aptState;
        this.architecture = architecture;
        this.root = root;
    }

    /** {@code apt-get -s install}: what would be unpacked, offline, from the host's package lists. */
    HostCommand.Result simulate(List<String> names) {
        return HostCommand.run(command("apt-get", List.of("-s", "-y", "install"), names), RESOLVE_TIMEOUT, null);
    }

    /** {@code apt-get --download-only install}: fetches what the cache lacks of that plan. */
    HostCommand.Result download(List<String> names) {
        return HostCommand.run(command("apt-get", List.of("-q", "-y", "--download-only", "install"), names),
                DOWNLOAD_TIMEOUT, null);
    }

    /** Every package name apt knows for the architecture, for "did you mean". */
    HostCommand.Result packageNames() {
        return HostCommand.run(command("apt-cache", List.of("pkgnames"), List.of()), RESOLVE_TIMEOUT, null);
    }

    /** The host's sources with their releases ({@code n=bookworm}), to say which archive a name is missing from. */
    HostCommand.Result policy() {
        return HostCommand.run(command("apt-cache", List.of("policy"), List.of()), RESOLVE_TIMEOUT, null);
    }

    /** Where the host's apt keeps its package lists ({@code Dir::State::lists}). */
    Path listsDirectory() {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("apt-config", "shell", "LISTS", "Dir::State::lists/d"));
        HostCommand.Result shell = HostCommand.run(command, RESOLVE_TIMEOUT, null);
        // prints LISTS='/var/lib/apt/lists/'
        String out = shell.output().strip();
        if (!shell.succeeded() || !out.startsWith("LISTS='") || !out.endsWith("'")) {
            throw new IllegalStateException("cannot ask apt where its package lists are ('" + String.join(" ", command)
                    + "' said: " + out + ")");
        }
        return Path.of(out.substring("LISTS='".length(), out.length() - 1));
    }

    List<String> command(String tool, List<String> action, List<String> names) {
        List<String> command = new ArrayList<>(launcher);
        command.add(tool);
        option(command, "Dir::State::status", imageStatus);
        // the host's "automatically installed" marks are about the host, not the image
        option(command, "Dir::State::extended_states", aptState.resolve("extended_states"));
        option(command, "Dir::Cache", aptState);
        // apt's binary caches halve a warm resolve (2.2 s to 1.0 s for four packages); hosts (Docker
        // images) often switch them off, which is right for the host's cache and needless for ours
        option(command, "Dir::Cache::srcpkgcache", "srcpkgcache.bin");
        option(command, "Dir::Cache::pkgcache", "pkgcache.bin");
        option(command, "Dir::Cache::archives", archives);
        // apt's lock files belong to the host's dpkg; our cache has its own lock (PackageCache)
        option(command, "Debug::NoLocking", "1");
        option(command, "APT::Architecture", architecture);
        option(command, "APT::Architectures", architecture);
        option(command, "APT::Install-Recommends", "false");
        if (root) {
            // as root apt downloads as _apt, who cannot write into root's home
            option(command, "APT::Sandbox::User", "root");
        }
        command.addAll(action);
        command.addAll(names);
        return command;
    }

    private static void option(List<String> command, String name, Object value) {
        command.add("-o");
        command.add(name + "=" + value);
    }
}
