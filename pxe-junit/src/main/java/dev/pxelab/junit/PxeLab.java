package dev.pxelab.junit;

import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.lab.ReadinessCheck;
import dev.pxelab.runtime.machine.MachineBackend;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class one lab: a private network, a provisioner (DHCP, TFTP, HTTP) and one QEMU
 * machine per {@link TargetVm} declared anywhere in the class (fields and parameters alike).
 * The machines boot in parallel before the first test; tests run once all are installed and answer
 * SSH. After the class, the lab is torn down and {@code timeline.html} is written to its work
 * folder; if a test failed, the consoles, provisioning events and per-MAC network logs stay there
 * and are attached to the test report, otherwise the folder is emptied (disks are large) except for
 * the timeline.
 *
 * <p>May be used as a meta-annotation: annotate your own annotation with it and its settings apply.
 *
 * <pre>{@code
 * @PxeLab
 * class WebTierTest {
 *     @TargetVm(mac = "52:54:00:00:00:11", hostname = "web-1", userData = "autoinstall/web.yaml")
 *     static Target web;
 *
 *     @Test
 *     void hostnameFollowsMac() {
 *         assertThat(web).hasHostname("web-1");
 *     }
 * }
 * }</pre>
 *
 * Every setting has a plain Java equivalent on {@link dev.pxelab.runtime.lab.Lab#builder()}; a lab
 * built in Java is registered with {@link PxeLabExtension#of} instead of this annotation. The
 * builder has more: ports, address pool, TFTP root, limits, the bridge's name and its router
 * advertisements have no attribute here, as a test's private lab leaves them to pxelab (see
 * {@link dev.pxelab.runtime.lab.LabDefinition}).
 *
 * <p>Settings read from JUnit configuration parameters (or system properties of the same name):
 * {@code pxelab.testos.dir}, {@code pxelab.accel}, {@code pxelab.ipxe.prompt},
 * {@code pxelab.allowForeignInterfaces} (see {@link dev.pxelab.runtime.lab.LabProperties}).
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PxeLabExtension.class)
public @interface PxeLab {

    /** The lab subnet, e.g. {@code 192.168.105.0/24}; empty: the next free subnet of the JVM's address plan. */
    String subnet() default "";

    /**
     * Which system pxelab's test OS installs: {@code AUTO} (default) picks, per user-data, the
     * smallest one that honours it; {@code TINY} (busybox and dropbear, fast) or {@code DEBIAN}
     * (Debian 12 with systemd, OpenSSH, netplan, apt and cloud-init: locale, keyboard, timezone,
     * network, apt and packages are honoured, and the {@code user-data} section runs on first boot)
     * name one.
     */
    TestOs testOs() default TestOs.AUTO;

    /** user-data for targets without their own (classpath resource, else file); empty: pxelab's default. */
    String userData() default "";

    /** meta-data for targets without their own (classpath resource, else file); empty: generated per MAC. */
    String metaData() default "";

    /** vendor-data for targets without their own (classpath resource, else file); empty: none. */
    String vendorData() default "";

    /** network-config for targets without their own (classpath resource, else file); empty: none. */
    String networkConfig() default "";

    /** The router announced to the targets (DHCP option 3); empty: none, as a lab leads nowhere. */
    String router() default "";

    /** DNS servers announced to the targets (DHCP option 6). */
    String[] dns() default {};

    /** The domain announced to the targets (DHCP option 15); empty: none. */
    String domain() default "";

    /**
     * Readiness checks a target must pass after the built-in ones (install finished, booted from
     * disk, SSH answers), in this order; each class needs a public no-argument constructor.
     */
    Class<? extends ReadinessCheck>[] readiness() default {};

    /**
     * Whether targets first pass the built-in readiness checks (install finished, booted from disk,
     * SSH answers); false for machines that report no installer events or have no SSH, whose lab
     * brings its own {@link #readiness()}.
     */
    boolean builtInReadiness() default true;

    /**
     * What starts the machines: a {@link MachineBackend} class with a public no-argument
     * constructor. {@code MachineBackend.class} (the default) means QEMU, with the settings the
     * configuration parameters {@code pxelab.accel} and {@code pxelab.ipxe.prompt} give.
     */
    Class<? extends MachineBackend> machines() default MachineBackend.class;

    /**
     * Another installer than pxelab's hermetic test OS (e.g. Ubuntu's netboot kernel): its kernel,
     * relative to {@link #assetRoot()} or an {@code http://} URL. Empty: the test OS.
     */
    String kernel() default "";

    /** The initrds of {@link #kernel()}. */
    String[] initrds() default {};

    /**
     * The kernel command line of {@link #kernel()}; may use {@code ${server}}, {@code ${mac}},
     * {@code ${hostname}}, {@code ${address}}, e.g.
     * {@code autoinstall ds=nocloud-net;s=http://${server}/${mac}/ ip=dhcp console=ttyS0}.
     */
    String cmdline() default "";

    /**
     * Where the system {@link #kernel()} installs keeps its UEFI boot loader, as an iPXE
     * {@code file:} URI such as {@code file://ESP-LABEL/EFI/BOOT/BOOTX64.EFI}: an installed UEFI
     * target then starts it directly instead of walking the firmware's other network boot options
     * first. Empty: unknown (the test OS sets its own).
     */
    String uefiLoader() default "";

    /** The folder the provisioner serves {@link #kernel()} and {@link #initrds()} from. */
    String assetRoot() default "";

    /**
     * A file: the network boot loader arm64 UEFI targets are sent over TFTP instead of Debian's
     * signed shim and GRUB, such as an iPXE built for arm64 ({@code ipxe-arm64.efi}), which Debian 12
     * does not ship. Empty: Debian's shim and GRUB (from {@code debian-installer-12-netboot-arm64}).
     */
    String arm64Loader() default "";

    /** Seconds a target may take from power-on to a finished install; 0: chosen from the accelerator (TCG or KVM). */
    int installTimeout() default 0;

    /** Seconds the installed system may take to answer SSH; 0: chosen from the accelerator. */
    int sshTimeout() default 0;

    /** Where consoles, disks, logs and the timeline go; empty: {@code target/pxelab/<TestClass>}. */
    String workDir() default "";

    /** Boot without validating user-data first (to watch an installer deal with broken data). */
    boolean skipValidation() default false;
}
