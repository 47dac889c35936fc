package dev.pxelab.runtime.boot;

import dev.pxelab.runtime.autoinstall.ValidationProfile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What a lab network-boots to install its targets, and everything the rest of pxelab needs to
 * know about it. A new installer family (Debian's d-i with preseed, say) is a new implementation;
 * the provisioner, the lab and the JUnit extension ask only this interface.
 *
 * <ul>
 *   <li>what it boots: {@link #bootProfile} per firmware and architecture (kernel, initrds,
 *       command line), served from {@link #assetRoot()};</li>
 *   <li>which per-host seed it consumes: {@link #seed()};</li>
 *   <li>how its completion is recognised: {@link #completionEvents()};</li>
 *   <li>how its seed is checked before boot: {@link #validationProfile()};</li>
 *   <li>what an installed host boots next: the profile's {@link BootProfile#uefiLoader()} for
 *       UEFI (BIOS hosts boot their first disk).</li>
 * </ul>
 *
 * Implementations are immutable values: two labs defined alike have equal installers.
 */
public interface Installer {

    /** A short name for logs and boot scripts. */
    String name();

    /**
     * The kernel, initrds and command line that install a machine with this firmware and
     * architecture.
     *
     * @throws IllegalStateException when this installer cannot install such a machine, or its
     *         files are not there, saying what to do
     */
    BootProfile bootProfile(Firmware firmware, Architecture architecture);

    /** The folder served at {@code /assets/}: the files the boot profile names by relative path. */
    Optional<Path> assetRoot();

    /** The per-host data the installer fetches from the provisioner. */
    default Seed seed() {
        return Seed.NOCLOUD;
    }

    /** Names of installer finish events (result SUCCESS) that mean the whole install is done. */
    Set<String> completionEvents();

    /** How a target's seed is validated before anything boots. */
    ValidationProfile validationProfile();

    /** The kinds of per-host data an installer can consume. */
    enum Seed {
        /**
         * cloud-init's NoCloud documents (user-data with Ubuntu's {@code autoinstall} section,
         * meta-data, vendor-data, network-config) at {@code http://<server>/<mac>/}.
         */
        NOCLOUD
    }
}
