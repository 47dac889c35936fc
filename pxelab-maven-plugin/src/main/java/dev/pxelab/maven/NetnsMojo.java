package dev.pxelab.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Makes Surefire and Failsafe start their test JVMs in a network namespace of their own, as pxelab
 * labs require, with no file in the user's project: writes pxelab's launcher to
 * {@code target/pxelab-netns/bin/java} and sets the {@code jvm} property that both plugins read
 * (the way JaCoCo's {@code prepare-agent} sets {@code argLine}). A {@code <jvm>} configured on the
 * plugins, or {@code -Djvm=...}, still wins.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.pxelab</groupId>
 *   <artifactId>pxelab-maven-plugin</artifactId>
 *   <version>0.2.0</version>
 *   <executions><execution><goals><goal>netns</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "netns", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class NetnsMojo extends AbstractMojo {

    /** The property Surefire's and Failsafe's {@code jvm} parameter defaults to. */
    static final String JVM_PROPERTY = "jvm";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Where the launcher goes; {@code bin/java} under it. */
    @Parameter(defaultValue = "${project.build.directory}/pxelab-netns", required = true)
    private File directory;

    /** Leaves the test JVMs alone. */
    @Parameter(property = "pxelab.netns.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("pxelab.netns.skip: test JVMs start in this network namespace");
            return;
        }
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path launcher;
        try {
            launcher = NetnsLauncher.write(directory.toPath(), realJava);
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("pxelab could not write its network-namespace launcher to "
                    + directory + ": " + e.getMessage(), e);
        }
        project.getProperties().setProperty(JVM_PROPERTY, launcher.toString());
        getLog().debug("test JVMs start through " + launcher + " (" + realJava + " in a network namespace of its own)");
    }
}
