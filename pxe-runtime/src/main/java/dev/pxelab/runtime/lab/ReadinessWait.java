package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.provision.HostState;
import dev.pxelab.runtime.provision.HostStatus;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for a target stage by stage: first for the installer's final SUCCESS (failing at once on a
 * FAIL report or when QEMU ends), then for the installed system to answer SSH with the lab's key.
 * Each stage has its own timeout, so a failure says which stage was too slow.
 */
final class ReadinessWait {

    private static final int CONSOLE_LINES = 25;

    private final Duration installTimeout;
    private final Duration sshTimeout;

    ReadinessWait(Duration installTimeout, Duration sshTimeout) {
        this.installTimeout = installTimeout;
        this.sshTimeout = sshTimeout;
    }

    void await(Target target) {
        awaitInstalled(target);
        awaitSsh(target, "the installed system to answer SSH");
    }

    void awaitSshAfterReboot(Target target) {
        awaitSsh(target, "the rebooted system to answer SSH");
    }

    private void awaitInstalled(Target target) {
        try {
            Awaitility.await("install of " + target.mac())
                    .atMost(installTimeout).pollInterval(Duration.ofMillis(200)).pollDelay(Duration.ZERO)
                    .until(() -> installed(target));
        } catch (ConditionTimeoutException e) {
            throw new TargetNotReadyException(describe(target, "a finished install (installer finish event with"
                    + " SUCCESS) within " + installTimeout.toSeconds() + " s"));
        }
    }

    /** True when installed; throws at once on an installer failure or a machine that stopped. */
    private boolean installed(Target target) {
        HostStatus status = target.status();
        if (status.state() == HostState.FAILED) {
            InstallerEvent failure = status.failure().orElseThrow();
            throw new TargetNotReadyException(target.mac() + " (" + target.name() + "): the installer reported FAIL"
                    + " in " + failure.name() + ": " + failure.description() + consoleTail(target));
        }
        if (status.state() == HostState.INSTALLED || status.state() == HostState.BOOTED) {
            return true;
        }
        if (!target.machine().isRunning()) {
            throw new TargetNotReadyException(target.mac() + " (" + target.name() + "): QEMU ended while the target"
                    + " was " + status.state() + "; " + target.machine().whereToLook() + consoleTail(target));
        }
        return false;
    }

    private void awaitSsh(Target target, String what) {
        try {
            Awaitility.await(what + " on " + target.mac())
                    .atMost(sshTimeout).pollInterval(Duration.ofMillis(500)).pollDelay(Duration.ZERO)
                    .until(() -> {
                        if (!target.machine().isRunning()) {
                            throw new TargetNotReadyException(target.mac() + " (" + target.name() + "): QEMU ended"
                                    + " while waiting for " + what + consoleTail(target));
                        }
                        return target.ssh().isReady(Duration.ofSeconds(3));
                    });
        } catch (ConditionTimeoutException e) {
            throw new TargetNotReadyException(describe(target, what + " at " + target.ssh().user() + "@"
                    + target.address().getHostAddress() + " with the lab's key within " + sshTimeout.toSeconds() + " s"));
        }
        target.report(LifecycleEvent.SSH_READY);
    }

    private static String describe(Target target, String expected) {
        HostStatus status = target.status();
        // The installer's webhook POSTs only repeat the installer events they carried.
        List<String> events = status.events().stream()
                .filter(e -> !(e instanceof HttpEvent h && h.path().endsWith("/events")))
                .map(e -> e.summary()).toList();
        return target.mac() + " (" + target.name() + ") reached " + status.state() + ", expected " + expected
                + "; last events: " + events.subList(Math.max(0, events.size() - 5), events.size()) + consoleTail(target);
    }

    static String consoleTail(Target target) {
        List<String> lines = target.console().lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - CONSOLE_LINES), lines.size());
        return "\n--- last " + tail.size() + " console lines of " + target.consoleLog() + " ---\n"
                + String.join("\n", tail);
    }
}
