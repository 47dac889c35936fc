package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.event.PhoneHomeEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.provision.HostState;
import dev.pxelab.runtime.provision.HostStatus;
import dev.pxelab.runtime.ssh.SshHandle;
import java.time.Duration;
import java.util.List;

/** The built-in {@link ReadinessCheck}s. */
public final class ReadinessChecks {

    /** Under KVM; the lab scales them by the machine's slowness (8 and 5 min under TCG). */
    static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(48);
    static final Duration SSH_TIMEOUT = Duration.ofSeconds(30);
    static final Duration LOCAL_BOOT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CLOUD_INIT_TIMEOUT = Duration.ofSeconds(60);

    private ReadinessChecks() {
    }

    /** The chain every target goes through before tests run. */
    public static List<ReadinessCheck> defaults() {
        return List.of(installFinished(), bootedFromDisk(), sshAnswers(), cloudInitFinished());
    }

    /**
     * The installer reported that the whole install finished with success (one of the
     * installer's completion events). Fails at once when it reports a failure.
     */
    public static ReadinessCheck installFinished() {
        return new InstallFinished();
    }

    /**
     * After the install, the machine came back to the network and was sent to its disk (its boot
     * script then says "boot the local disk"), or the installed system already reported in.
     */
    public static ReadinessCheck bootedFromDisk() {
        return new BootedFromDisk();
    }

    /** The installed system answers SSH as its user, with the lab's key. */
    public static ReadinessCheck sshAnswers() {
        return new SshAnswers("the installed system to answer SSH");
    }

    /**
     * Where the installed system has cloud-init: it has finished this boot's run, as
     * {@code cloud-init status --wait} would say (done, or disabled). An error — a failing
     * {@code runcmd}, a bad {@code write_files} — fails the target with cloud-init's own account
     * and the tail of its output log. Systems without cloud-init pass at once.
     */
    public static ReadinessCheck cloudInitFinished() {
        return new CloudInitFinished();
    }

    /** As {@link #sshAnswers()}, after a reboot of an installed machine. */
    static ReadinessCheck sshAnswersAfterReboot() {
        return new SshAnswers("the rebooted system to answer SSH");
    }

    /** {@code check} with a fixed timeout that the machine's slowness does not scale. */
    public static ReadinessCheck withTimeout(ReadinessCheck check, Duration timeout) {
        return new FixedTimeout(check, timeout);
    }

    record Simple(String stage, ReadinessCheck.Condition condition, Duration timeout) implements ReadinessCheck {
        @Override
        public boolean isReady(Target target) throws Exception {
            return condition.test(target);
        }
    }

    /** A check whose timeout is absolute; the lab does not scale it. */
    record FixedTimeout(ReadinessCheck check, Duration timeout) implements ReadinessCheck {
        @Override
        public String stage() {
            return check.stage();
        }

        @Override
        public boolean isReady(Target target) throws Exception {
            return check.isReady(target);
        }

        @Override
        public Duration pollInterval() {
            return check.pollInterval();
        }

        @Override
        public void passed(Target target) {
            check.passed(target);
        }
    }

    private record InstallFinished() implements ReadinessCheck {
        @Override
        public String stage() {
            return "a finished install (installer finish event with SUCCESS)";
        }

        @Override
        public boolean isReady(Target target) {
            HostStatus status = target.status();
            if (status.state() == HostState.FAILED) {
                InstallerEvent failure = status.failure().orElseThrow();
                throw new IllegalStateException("the installer reported FAIL in " + failure.name() + ": "
                        + failure.description());
            }
            return status.state() == HostState.INSTALLED || status.state() == HostState.BOOTED;
        }

        @Override
        public Duration timeout() {
            return INSTALL_TIMEOUT;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMillis(200);
        }
    }

    private record BootedFromDisk() implements ReadinessCheck {
        @Override
        public String stage() {
            return "the installed machine to be sent to its disk (a boot script after the install)";
        }

        @Override
        public boolean isReady(Target target) {
            boolean installed = false;
            List<ProvisioningEvent> events = target.events();
            int start = 0; // this power-on's events: a reinstall must not pass on the last install's
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) instanceof LifecycleEvent l && LifecycleEvent.STARTED.equals(l.what())) {
                    start = i;
                }
            }
            for (ProvisioningEvent event : events.subList(start, events.size())) {
                if (event instanceof InstallerEvent installer && installer.isFinish() && !installer.failed()
                        && target.installer().completionEvents().contains(installer.name())) {
                    installed = true;
                } else if (installed && event instanceof HttpEvent http && http.status() == 200 && isBootScript(http)) {
                    return true;
                } else if (event instanceof PhoneHomeEvent
                        || event instanceof LifecycleEvent l && LifecycleEvent.SSH_READY.equals(l.what())) {
                    return true;
                }
            }
            // installed before the lab started (markInstalled): nothing to see but the local boot itself
            return !installed && target.state() == HostState.BOOTED;
        }

        private static boolean isBootScript(HttpEvent http) {
            return http.path().endsWith("/boot.ipxe") || http.path().endsWith("/grub.cfg");
        }

        @Override
        public Duration timeout() {
            return LOCAL_BOOT_TIMEOUT;
        }
    }

    private record CloudInitFinished() implements ReadinessCheck {

        /** What a failed run says about itself; the output log is readable only by root on some systems. */
        private static final String REPORT = "cloud-init status --long 2>&1;"
                + " echo '--- last lines of /var/log/cloud-init-output.log ---';"
                + " tail -n 25 /var/log/cloud-init-output.log 2>&1";

        @Override
        public String stage() {
            return "cloud-init to finish on the installed system";
        }

        @Override
        public boolean isReady(Target target) {
            CloudInitPoll poll = CloudInitPoll.parse(target.ssh().run(CloudInitPoll.COMMAND, Duration.ofSeconds(60)).stdout());
            if (poll.state() == CloudInitPoll.State.ERROR) {
                SshHandle reader = target.root().isReady(Duration.ofSeconds(3)) ? target.root() : target.ssh();
                throw new IllegalStateException("cloud-init reported an error:\n"
                        + reader.run(REPORT, Duration.ofSeconds(60)).stdout().strip());
            }
            return poll.finished();
        }

        @Override
        public Duration timeout() {
            return CLOUD_INIT_TIMEOUT;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(1);
        }
    }

    private record SshAnswers(String stage) implements ReadinessCheck {
        @Override
        public boolean isReady(Target target) {
            return target.ssh().isReady(Duration.ofSeconds(3));
        }

        @Override
        public Duration timeout() {
            return SSH_TIMEOUT;
        }

        @Override
        public void passed(Target target) {
            target.report(LifecycleEvent.SSH_READY);
        }

        @Override
        public String toString() {
            return stage;
        }
    }
}
