package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.Installer;
import dev.pxelab.runtime.event.LifecycleEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.machine.Machine;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.provision.HostState;
import dev.pxelab.runtime.provision.HostStatus;
import dev.pxelab.runtime.provision.Provisioner;
import dev.pxelab.runtime.ssh.SshHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A machine of the lab as a test sees it: booted from the network, installed, and reachable over
 * SSH once the lab says it is ready. What a test asserts on.
 */
public final class Target {

    private final TargetDefinition definition;
    private final Inet4Address address;
    private final String hostname;
    private final Installer installer;
    private final Provisioner provisioner;
    private final SshHandle ssh;
    private final SshHandle root;
    private final Machine machine;
    private final Readiness readiness;
    private final Readiness afterReboot;

    /** The two ways the lab logs in: as the installed system's user, and as root. */
    record Logins(SshHandle user, SshHandle root) {
    }

    Target(TargetDefinition definition, Inet4Address address, String hostname, Installer installer,
           Provisioner provisioner, Logins logins, Machine machine, Readiness readiness, Readiness afterReboot) {
        this.definition = definition;
        this.address = address;
        this.hostname = hostname;
        this.installer = installer;
        this.provisioner = provisioner;
        this.ssh = logins.user();
        this.root = logins.root();
        this.machine = machine;
        this.readiness = readiness;
        this.afterReboot = afterReboot;
    }

    public MacAddress mac() {
        return definition.mac();
    }

    /** The name in logs and file names: the hostname, else the MAC without colons. */
    public String name() {
        return definition.name();
    }

    public Inet4Address address() {
        return address;
    }

    /** The hostname the lab expects the installed system to have (from the target or its user-data), or null. */
    public String hostname() {
        return hostname;
    }

    public TargetDefinition definition() {
        return definition;
    }

    /** What installs this target. */
    public Installer installer() {
        return installer;
    }

    /** SSH as the installed system's user (the autoinstall identity), with the lab's key. */
    public SshHandle ssh() {
        return ssh;
    }

    /**
     * SSH as root, with the lab's key: for what only root may see (/etc/shadow, systemd's units,
     * LVM). The lab puts its key into root's authorized_keys with one late-command of its own,
     * after the user's; the installed system's sshd must allow root to log in with a key (the
     * default of Debian's and Ubuntu's OpenSSH and of dropbear).
     */
    public SshHandle root() {
        return root;
    }

    /**
     * Everything the serial console printed so far. The serial line drains more slowly than the
     * network under emulation: what the machine printed just before an event arrived may still be
     * on its way, so poll (Awaitility's {@code untilAsserted}) for text printed near an event.
     */
    public String console() {
        try {
            return Files.exists(consoleLog()) ? Files.readString(consoleLog(), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console log of " + mac(), e);
        }
    }

    public Path consoleLog() {
        return machine.consoleLog();
    }

    public HostState state() {
        return status().state();
    }

    /** What is wrong with the lab's provisioner (a server that stopped), for failure messages. */
    List<String> provisionerProblems() {
        return provisioner.problems();
    }

    public HostStatus status() {
        return provisioner.status(mac()).orElseThrow();
    }

    /** What happened to this machine, in order: DHCP, TFTP, HTTP, installer and lab events. */
    public List<ProvisioningEvent> events() {
        return status().events();
    }

    /** The machine behind this target: power buttons, console, files. */
    public Machine machine() {
        return machine;
    }

    /** Waits until the target passed every readiness check of its lab. */
    public Target awaitReady() {
        readiness.await(this);
        return this;
    }

    /** Resets the machine (as the reset button would) and waits until the installed system answers SSH again. */
    public Target reboot() {
        closeLogins(); // else an old connection could answer for the machine that is going down
        report(LifecycleEvent.STARTED);
        power(machine::reset);
        afterReboot.await(this);
        return this;
    }

    /**
     * Presses the machine's power button (ACPI) and waits up to 10 s for its system to shut down;
     * a system that does not react (the tiny test OS has no ACPI daemon) is then stopped hard.
     * {@link #powerOn()} starts it again.
     */
    public void powerOff() {
        closeLogins();
        power(machine::powerOff);
        try {
            if (!machine.awaitOff(Duration.ofSeconds(10))) {
                machine.forceOff();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        report(LifecycleEvent.STOPPED);
    }

    /**
     * Powers on a machine that is off (after {@link #powerOff()}, or after its system shut itself
     * down) and waits until the installed system answers SSH again. It boots from the network
     * first, as at every start; the provisioner sends an installed machine on to its disk.
     */
    public Target powerOn() {
        closeLogins(); // a connection from before the power-off would answer for nothing
        report(LifecycleEvent.STARTED);
        power(machine::powerOn);
        afterReboot.await(this);
        return this;
    }

    /** Installs the machine again from scratch (network boot, installer, reboot) and waits until it is ready. */
    public Target reinstall() {
        provisioner.reinstall(mac());
        ssh.forgetHostKey();
        root.forgetHostKey();
        report(LifecycleEvent.STARTED);
        power(machine::reset);
        return awaitReady();
    }

    private void closeLogins() {
        ssh.close();
        root.close();
    }

    void report(String what) {
        provisioner.report(new LifecycleEvent(Instant.now(), mac(), what));
    }

    private void power(PowerAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("power action on " + mac() + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface PowerAction {
        void run() throws IOException;
    }

    @Override
    public String toString() {
        return name() + " (" + mac() + ", " + address.getHostAddress() + ")";
    }
}
