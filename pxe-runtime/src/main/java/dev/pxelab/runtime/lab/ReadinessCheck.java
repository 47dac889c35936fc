package dev.pxelab.runtime.lab;

import java.time.Duration;

/**
 * One condition a target must reach before tests run, in the manner of Testcontainers'
 * {@code WaitStrategy}. A lab runs its targets' checks in order — by default
 * {@link ReadinessChecks#installFinished()}, {@link ReadinessChecks#bootedFromDisk()} and
 * {@link ReadinessChecks#sshAnswers()}, then the checks the lab definition adds — each with its own
 * timeout, so a failure says which stage a target did not reach.
 *
 * <p>A check is polled: {@link #isReady} returns false to keep waiting, true when the condition
 * holds, and throws to fail at once (an installer that reported a failure need not be waited for).
 * The lab stops waiting by itself when the target's machine is no longer running, and reports
 * every failure with the MAC, the stage reached, the target's last events and its console tail.
 *
 * <pre>{@code
 * // wait for cloud-init on the installed system
 * ReadinessCheck cloudInit = ReadinessCheck.of("cloud-init finished",
 *         target -> target.ssh().run("test -f /var/lib/cloud/instance/boot-finished").exitStatus() == 0);
 * }</pre>
 *
 * Implementations used through {@code @PxeLab(readiness = ...)} need a public no-argument constructor.
 */
public interface ReadinessCheck {

    /** What the target has reached once this check passes, for messages: {@code "SSH answers"}. */
    String stage();

    /**
     * Whether the target has reached {@link #stage()}: polled until true or the timeout.
     *
     * @throws Exception to fail at once; its message says why and ends up in the failure report
     */
    boolean isReady(Target target) throws Exception;

    /**
     * How long the check may take on a machine that runs with hardware acceleration; the lab
     * multiplies it by {@link dev.pxelab.runtime.machine.Machine#slowness()} (about 10 under TCG).
     */
    default Duration timeout() {
        return Duration.ofSeconds(30);
    }

    /** How long to wait between two polls. */
    default Duration pollInterval() {
        return Duration.ofMillis(500);
    }

    /** Called once when the check passed, e.g. to record an event. */
    default void passed(Target target) {
    }

    /** A check with this stage name and condition. */
    static ReadinessCheck of(String stage, Condition condition) {
        return new ReadinessChecks.Simple(stage, condition, Duration.ofSeconds(30));
    }

    /** A readiness condition that may throw. */
    @FunctionalInterface
    interface Condition {
        boolean test(Target target) throws Exception;
    }
}
