package dev.pxelab.maven;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsFirstUse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Prepares a project's test JVMs for pxelab labs, with no file in the project:
 *
 * <ul>
 *   <li>writes pxelab's network-namespace launcher to {@code target/pxelab-netns/bin/java} and sets
 *       the {@code jvm} property that Surefire and Failsafe read (the way JaCoCo's
 *       {@code prepare-agent} sets {@code argLine}), so every test JVM runs in a network namespace
 *       of its own; a {@code <jvm>} configured on those plugins, or {@code -Djvm=...}, still wins;</li>
 *   <li>builds pxelab's test OS into {@code ~/.cache/pxelab} unless it is there already: here,
 *       because a test JVM's namespace has no way out to download Debian packages.</li>
 * </ul>
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.pxelab</groupId>
 *   <artifactId>pxelab-maven-plugin</artifactId>
 *   <version>0.2.0</version>
 *   <executions><execution><goals><goal>prepare</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "prepare", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES, threadSafe = true)
public class PrepareMojo extends AbstractMojo {

    /** The property Surefire's and Failsafe's {@code jvm} parameter defaults to. */
    static final String JVM_PROPERTY = "jvm";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Where the launcher ({@code netns/bin/java}) and the test OS links ({@code testos/<flavour>}) go. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    /** Leaves the test JVMs in Maven's network namespace. */
    @Parameter(property = "pxelab.netns.skip", defaultValue = "false")
    private boolean skipNetns;

    /**
     * The test OS flavours the tests boot, comma-separated: {@code tiny} (default), {@code debian}
     * (debootstrap, as root, minutes on first build), or {@code none}.
     */
    @Parameter(property = "pxelab.testOs", defaultValue = "tiny")
    private String testOs;

    /**
     * The architectures of the machines the tests boot, comma-separated: {@code x86_64} (default),
     * {@code aarch64} (a cross build from Debian's arm64 packages: the host needs
     * {@code gcc-aarch64-linux-gnu} and apt lists for arm64).
     */
    @Parameter(property = "pxelab.testOsArch", defaultValue = "x86_64")
    private String testOsArch;

    /** A test OS built elsewhere: nothing to build here. */
    @Parameter(property = "pxelab.testos.dir")
    private String testOsDir;

    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean skipTestCompile;

    @Override
    public void execute() throws MojoExecutionException {
        if (skipTests || skipTestCompile) {
            return;
        }
        if (skipNetns) {
            getLog().info("pxelab.netns.skip: test JVMs start in Maven's network namespace");
        } else {
            writeLauncher();
        }
        if (testOsDir == null || testOsDir.isBlank()) {
            buildTestOs();
        }
    }

    private void writeLauncher() throws MojoExecutionException {
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path dir = buildDirectory.toPath().resolve("pxelab-netns");
        try {
            Path launcher = NetnsLauncher.write(dir, realJava);
            project.getProperties().setProperty(JVM_PROPERTY, launcher.toString());
            getLog().debug("test JVMs start through " + launcher + " (" + realJava + " in a network namespace of its own)");
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("pxelab could not write its network-namespace launcher to " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private void buildTestOs() throws MojoExecutionException {
        for (String name : Arrays.stream(testOs.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            if (name.equalsIgnoreCase("none")) {
                continue;
            }
            TestOs flavour;
            try {
                flavour = TestOs.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("pxelab.testOs: unknown test OS '" + name + "'; one of "
                        + Arrays.toString(TestOs.values()).toLowerCase(Locale.ROOT) + " or none");
            }
            for (Architecture arch : architectures()) {
                try {
                    TestOsFirstUse.prebuild(flavour, arch, buildDirectory.toPath().resolve("pxelab-testos").resolve(name),
                            line -> getLog().info(line));
                } catch (RuntimeException e) {
                    throw new MojoExecutionException(e.getMessage(), e);
                }
            }
        }
    }

    private List<Architecture> architectures() throws MojoExecutionException {
        List<Architecture> architectures = new ArrayList<>();
        for (String name : Arrays.stream(testOsArch.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList()) {
            Architecture arch = Arrays.stream(Architecture.values()).filter(a -> a.unameMachine().equals(name))
                    .findFirst().orElse(null);
            if (arch == null) {
                throw new MojoExecutionException("pxelab.testOsArch: unknown architecture '" + name + "'; x86_64 or aarch64");
            }
            architectures.add(arch);
        }
        return architectures;
    }
}
