package dev.pxelab.samples.bench;

import dev.pxelab.runtime.lab.Target;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an installed system's boot went, asked of the system itself after it is ready: when its
 * kernel started, and how long the kernel and initramfs took before systemd. It splits a reboot
 * into the firmware and boot loader, the kernel, and the system's own start.
 */
final class InstalledBoot {

    private static final Pattern KERNEL = Pattern.compile("in ([0-9.]+)(ms|s) \\(kernel\\)");

    private InstalledBoot() {
    }

    /** When the installed kernel started, from its uptime (to within an SSH round trip). */
    static Optional<Instant> kernelStarted(Target target) {
        var result = target.ssh().run("cut -d' ' -f1 /proc/uptime");
        if (!result.succeeded()) {
            return Optional.empty();
        }
        long uptimeMillis = Math.round(Double.parseDouble(result.stdout().trim()) * 1000);
        return Optional.of(Instant.now().minusMillis(uptimeMillis));
    }

    /** systemd's "Startup finished in X (kernel)"; empty on a system without systemd (the tiny one). */
    static Optional<Double> kernelSeconds(Target target) {
        Matcher matcher = KERNEL.matcher(target.root().run("systemd-analyze 2>/dev/null || true").stdout());
        return matcher.find()
                ? Optional.of(Double.parseDouble(matcher.group(1)) / (matcher.group(2).equals("ms") ? 1000 : 1))
                : Optional.empty();
    }
}
