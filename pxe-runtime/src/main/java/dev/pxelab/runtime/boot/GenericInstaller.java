package dev.pxelab.runtime.boot;

import dev.pxelab.runtime.autoinstall.ValidationProfile;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An installer the user brings: a kernel, initrds and a command line (one {@link BootProfile} for
 * every firmware), served from the user's folder; Ubuntu's own netboot installer is the typical
 * one. Its seed is NoCloud with an {@code autoinstall} section, validated as Ubuntu's installer
 * reads it.
 *
 * @param profile          what to boot
 * @param assetFolder      the folder the profile's relative paths are in, or null when it names only URLs
 * @param completionEvents finish events that mark a whole install; by default those of Ubuntu's
 *                         installer and of pxelab's test OS
 */
public record GenericInstaller(BootProfile profile, Path assetFolder, Set<String> completionEvents)
        implements Installer {

    /** Ubuntu's installer (subiquity) ends a whole install with this finish event. */
    public static final String SUBIQUITY_FINISH_EVENT = "subiquity/Install/install";

    public GenericInstaller {
        Objects.requireNonNull(profile, "profile");
        completionEvents = Set.copyOf(completionEvents);
        if (completionEvents.isEmpty()) {
            throw new IllegalArgumentException("installer '" + profile.name() + "' needs at least one completion event");
        }
    }

    public GenericInstaller(BootProfile profile, Path assetFolder) {
        this(profile, assetFolder, Set.of(SUBIQUITY_FINISH_EVENT, TestOsInstaller.FINISH_EVENT));
    }

    @Override
    public String name() {
        return profile.name();
    }

    @Override
    public BootProfile bootProfile(Firmware firmware, Architecture architecture) {
        return profile;
    }

    @Override
    public Optional<Path> assetRoot() {
        return Optional.ofNullable(assetFolder);
    }

    @Override
    public ValidationProfile validationProfile() {
        return ValidationProfile.UBUNTU;
    }
}
