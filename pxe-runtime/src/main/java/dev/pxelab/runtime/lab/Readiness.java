package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.provision.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a target's {@link ReadinessCheck}s in order, each with its own timeout, and turns every way
 * of not getting there into one kind of message: the MAC and name, the state the target reached,
 * the stage it did not, its last events and its console tail.
 */
final class Readiness {

    private static final int CONSOLE_LINES = 25;
    private static final int EVENTS = 5;

    private final List<ReadinessCheck> checks;

    /** @param checks in the order they must pass */
    Readiness(List<ReadinessCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The built-in chain (with the definition's timeouts, where it sets them), then its own checks. */
    static Readiness of(LabDefinition definition) {
        List<ReadinessCheck> checks = new ArrayList<>();
        if (definition.builtInReadiness()) {
            checks.add(fixed(ReadinessChecks.installFinished(), definition.installTimeout()));
            checks.add(ReadinessChecks.bootedFromDisk());
            checks.add(fixed(ReadinessChecks.sshAnswers(), definition.sshTimeout()));
            checks.add(ReadinessChecks.cloudInitFinished());
        }
        checks.addAll(definition.readiness());
        return new Readiness(checks);
    }

    /** After a reboot of an installed machine: SSH, then the definition's own checks. */
    static Readiness afterReboot(LabDefinition definition) {
        List<ReadinessCheck> checks = new ArrayList<>();
        if (definition.builtInReadiness()) {
            checks.add(fixed(ReadinessChecks.sshAnswersAfterReboot(), definition.sshTimeout()));
            checks.add(ReadinessChecks.cloudInitFinished());
        }
        checks.addAll(definition.readiness());
        return new Readiness(checks);
    }

    private static ReadinessCheck fixed(ReadinessCheck check, Duration timeout) {
        return timeout == null ? check : ReadinessChecks.withTimeout(check, timeout);
    }

    void await(Target target) {
        for (ReadinessCheck check : checks) {
            await(target, check);
        }
    }

    void await(Target target, ReadinessCheck check) {
        Duration timeout = timeout(target, check);
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!target.machine().isRunning()) {
                throw new TargetNotReadyException(who(target) + ": the machine stopped while the target was "
                        + target.state() + ", waiting for " + check.stage() + "; " + target.machine().whereToLook()
                        + consoleTail(target));
            }
            boolean ready;
            try {
                ready = check.isReady(target);
            } catch (TargetNotReadyException e) {
                throw e;
            } catch (Exception e) {
                throw new TargetNotReadyException(describe(target, check.stage() + " failed: " + e.getMessage()), e);
            }
            if (ready) {
                check.passed(target);
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TargetNotReadyException(describe(target, "expected " + check.stage() + " within "
                        + timeout.toSeconds() + " s"));
            }
            try {
                Thread.sleep(check.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetNotReadyException(who(target) + ": interrupted while waiting for " + check.stage());
            }
        }
    }

    private Duration timeout(Target target, ReadinessCheck check) {
        if (check instanceof ReadinessChecks.FixedTimeout fixed) {
            return fixed.timeout();
        }
        double slowness = Math.max(1.0, target.machine().slowness());
        return Duration.ofMillis((long) (check.timeout().toMillis() * slowness));
    }

    private static String who(Target target) {
        return target.mac() + " (" + target.name() + ")";
    }

    static String describe(Target target, String what) {
        HostStatus status = target.status();
        // The installer's webhook POSTs only repeat the installer events they carried.
        List<String> events = status.events().stream()
                .filter(e -> !(e instanceof HttpEvent h && h.path().endsWith("/events")))
                .map(e -> e.summary()).toList();
        List<String> problems = target.provisionerProblems();
        return who(target) + " reached " + status.state() + ", " + what + "; last events: "
                + events.subList(Math.max(0, events.size() - EVENTS), events.size())
                + (problems.isEmpty() ? "" : "; the provisioner is broken: " + String.join("; ", problems))
                + consoleTail(target);
    }

    static String consoleTail(Target target) {
        List<String> lines = target.console().lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - CONSOLE_LINES), lines.size());
        return "\n--- last " + tail.size() + " console lines of " + target.consoleLog() + " ---\n"
                + String.join("\n", tail);
    }
}
