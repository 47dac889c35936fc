package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.net.LabNetworkConfig;
import dev.pxelab.runtime.qemu.QemuBackend;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The system properties pxelab understands, read in this one place at the edge — by
 * {@link Lab#builder()}, the JUnit extension and the command line — and turned into settings of a
 * lab definition. Nothing deeper in the runtime reads a property, so two labs in one JVM can
 * differ.
 *
 * <ul>
 *   <li>{@value #TEST_OS_DIR}: where pxelab's test OS is built ({@link LabDefinition.Builder#testOsDir});</li>
 *   <li>{@value #ALLOW_FOREIGN_INTERFACES}: {@code true} lets a lab network be created in a namespace
 *       with interfaces pxelab did not create ({@link LabDefinition.Builder#allowForeignInterfaces});</li>
 *   <li>{@code pxelab.accel} and {@code pxelab.ipxe.prompt}: the QEMU backend's settings
 *       ({@link dev.pxelab.runtime.qemu.QemuBackend}).</li>
 * </ul>
 */
public final class LabProperties {

    public static final String TEST_OS_DIR = "pxelab.testos.dir";
    public static final String ALLOW_FOREIGN_INTERFACES = LabNetworkConfig.ALLOW_FOREIGN_INTERFACES_PROPERTY;

    private final UnaryOperator<String> lookup;

    private LabProperties(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    public static LabProperties fromSystemProperties() {
        return new LabProperties(System::getProperty);
    }

    /** Properties from any source, e.g. JUnit's configuration parameters. */
    public static LabProperties from(UnaryOperator<String> lookup) {
        return new LabProperties(lookup);
    }

    /** Sets on {@code builder} what the properties say; leaves the rest alone. */
    public LabDefinition.Builder applyTo(LabDefinition.Builder builder) {
        String dir = lookup.apply(TEST_OS_DIR);
        if (dir != null && !dir.isBlank()) {
            builder.testOsDir(Path.of(dir.strip()));
        }
        String foreign = lookup.apply(ALLOW_FOREIGN_INTERFACES);
        if (foreign != null) {
            builder.allowForeignInterfaces(Boolean.parseBoolean(foreign.strip()));
        }
        if (lookup.apply(QemuBackend.ACCELERATOR_PROPERTY) != null || lookup.apply(QemuBackend.IPXE_PROMPT_PROPERTY) != null) {
            builder.machines(QemuBackend.fromProperties(lookup));
        }
        return builder;
    }
}
