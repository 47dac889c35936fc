package dev.pxelab.junit;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A machine of the class's {@link PxeLab lab}, on a field or parameter of type
 * {@link dev.pxelab.runtime.lab.Target}: static fields, instance fields and parameters of test,
 * lifecycle and constructor methods are handled alike (as JUnit's {@code @TempDir}). Every
 * declaration in the class belongs to the one lab that starts before the first test, so a
 * parameter does not boot a machine of its own; the same MAC declared identically in two places is
 * the same machine, declared with different settings it is an error. A declaration that names only
 * the MAC refers to the machine declared with that MAC elsewhere (another field or parameter, or a
 * lab registered with {@link PxeLabExtension#of}), so its settings are written once.
 *
 * <p>Only the MAC is required ({@code 52:54:00:12:34:56}; upper case and {@code -} are accepted).
 * A target's own installer and its NIC ROM have no attribute: they are set on
 * {@link dev.pxelab.runtime.lab.TargetDefinition.Builder} in a lab built in Java.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TargetVm {

    String mac();

    /** The installed system's hostname (DHCP option 12, meta-data, identity); empty: what the user-data says. */
    String hostname() default "";

    /** A fixed address in the lab subnet; empty: the next free one. */
    String address() default "";

    /** This machine's user-data (classpath resource, else file); empty: the lab's generic user-data. */
    String userData() default "";

    /** This machine's meta-data (classpath resource, else file); empty: generated. */
    String metaData() default "";

    /** This machine's vendor-data (classpath resource, else file); empty: the lab's. */
    String vendorData() default "";

    /** This machine's network-config (classpath resource, else file); empty: the lab's. */
    String networkConfig() default "";

    Firmware firmware() default Firmware.BIOS;

    Architecture arch() default Architecture.X86_64;

    /** Memory in MiB. */
    int memory() default 512;

    int cpus() default 1;

    /** Disk size as {@code qemu-img} reads it: {@code 1G}, {@code 512M}. */
    String disk() default "1G";
}
