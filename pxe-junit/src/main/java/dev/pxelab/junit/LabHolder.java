package dev.pxelab.junit;

import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.LabDefinition;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab of one {@code @PxeLab} class, kept in that class's extension store: started on first
 * use (before all tests, or earlier when a per-class test instance needs it), closed by JUnit when
 * the class is done. Starting and waiting happen once; a failure is remembered and rethrown to
 * every later test of the class instead of booting again.
 */
final class LabHolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabHolder.class);
    static final String TIMELINE = "timeline.html";

    private final Class<?> testClass;
    private final LabSource source;
    private TargetDeclarations declarations;
    private Lab lab;
    private RuntimeException failure;
    private volatile boolean failed;
    private boolean closed;

    LabHolder(Class<?> testClass, LabSource source) {
        this.testClass = testClass;
        this.source = source;
    }

    /** Where a class's lab definition comes from: its annotations, or a definition registered in code. */
    interface LabSource {

        /** Names the lab's declaration in messages, e.g. {@code @PxeLab on com.acme.WebTest}. */
        String where();

        /** Targets declared before the class's {@code @TargetVm}s are scanned. */
        List<TargetDefinition> registeredTargets();

        /** The lab, with every target the class declares. */
        LabDefinition define(List<TargetDefinition> targets);
    }

    /** The lab with every target installed and answering SSH; starts and waits on the first call. */
    synchronized Lab readyLab() {
        if (failure != null) {
            throw failure;
        }
        if (lab == null) {
            try {
                declarations = TargetDeclarations.scan(testClass, source.registeredTargets());
                lab = start(declarations);
                lab.awaitReady();
            } catch (RuntimeException e) {
                failure = e;
                failed = true;
                throw e;
            }
        }
        return lab;
    }

    synchronized TargetDeclarations declarations() {
        readyLab();
        return declarations;
    }

    Target target(MacAddress mac) {
        return readyLab().target(mac.value());
    }

    void markFailed() {
        failed = true;
    }

    private Lab start(TargetDeclarations targets) {
        if (targets.isEmpty()) {
            throw new ExtensionConfigurationException(source.where() + " declares no targets: add"
                    + " @TargetVm(mac = \"...\") to a field or parameter of type " + Target.class.getName());
        }
        LabDefinition definition = source.define(targets.targets());
        try {
            return Lab.start(definition);
        } catch (IllegalArgumentException e) {
            // Bad configuration found before anything booted (invalid user-data, clashing names, ...).
            // No cause: it would only repeat every line of the message under "Caused by".
            throw new ExtensionConfigurationException(namingDeclarations(e.getMessage(), targets));
        }
    }

    /**
     * The lab speaks of targets by MAC; the test's author wrote fields and parameters. Each MAC in
     * a message gains where that target was declared.
     */
    static String namingDeclarations(String message, TargetDeclarations targets) {
        String named = message;
        for (Map.Entry<MacAddress, String> target : targets.whereDeclared().entrySet()) {
            String mac = target.getKey().toString();
            named = named.replace(mac, mac + " (@TargetVm on " + target.getValue() + ")");
        }
        return named;
    }

    /**
     * After the class: the timeline always; on failure the diagnostics, attached to the class's
     * report entry. Never throws, so that it cannot hide the failure it reports.
     */
    synchronized void finish(ExtensionContext classContext) {
        if (classContext.getExecutionException().isPresent()) {
            failed = true;
        }
        if (lab == null) {
            return;
        }
        try {
            List<Target> targets = lab.targets();
            Path timeline = Files.writeString(lab.workDir().resolve(TIMELINE),
                    Timeline.html(lab.name(), Timeline.stages(targets, Instant.now())), StandardCharsets.UTF_8);
            ReportFiles.publish(classContext, TIMELINE, "text/html; charset=UTF-8", timeline);
            // What an installer accepted without effect (e.g. a section the test OS ignores) belongs
            // in the report, not only in a console nobody reads after a green run.
            for (Target target : targets) {
                target.events().stream().filter(InstallerEvent.class::isInstance).map(InstallerEvent.class::cast)
                        .filter(e -> e.isFinish() && "WARN".equals(e.result()))
                        .forEach(e -> classContext.publishReportEntry("pxelab warning", target.mac() + " ("
                                + target.name() + "): " + e.description()));
            }
            if (failed) {
                for (Diagnostics.Attachment a : Diagnostics.write(targets, lab.workDir())) {
                    ReportFiles.publish(classContext, a.name(), "text/plain; charset=UTF-8", a.file());
                }
                classContext.publishReportEntry("pxelab", "a test failed: consoles, events and network logs of "
                        + lab.name() + " are kept in " + lab.workDir().toAbsolutePath());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not write the timeline or diagnostics to {}", lab.name(), lab.workDir(), e);
        }
    }

    /**
     * Powers everything off; when every test passed, also removes the work folder: the disks,
     * consoles and timeline (the report keeps its copy of the timeline). Only files the lab made
     * are removed, and the folder itself once it is empty, so a work folder shared with other
     * files keeps those. The extension calls it after the class; JUnit 5.13+ calls it again when
     * it closes the class's store (a no-op), and JUnit 5.10-5.12, which close only their own
     * {@code CloseableResource}s, do not.
     */
    @Override
    public synchronized void close() {
        if (lab == null || closed) {
            return;
        }
        closed = true;
        if (failed) {
            lab.keepFiles();
        }
        lab.close(); // removes the targets' files unless kept
        if (!failed) {
            for (Target target : lab.targets()) {
                // diagnostics a failed earlier run of this class left behind
                delete(lab.workDir().resolve(target.name() + "-events.log"));
                delete(lab.workDir().resolve(target.name() + "-network.log"));
            }
            delete(lab.workDir().resolve(TIMELINE));
            delete(lab.workDir()); // only once empty: files of someone else keep it
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException e) {
            LOG.debug("{} kept: files of someone else are in it", path);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", path, e.toString());
        }
    }
}
