package dev.pxelab.junit;

import dev.pxelab.runtime.event.DhcpEvent;
import dev.pxelab.runtime.event.HttpEvent;
import dev.pxelab.runtime.event.ProvisioningEvent;
import dev.pxelab.runtime.event.TftpEvent;
import dev.pxelab.runtime.lab.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a failed lab leaves for whoever reads the report: per target its serial console, every
 * provisioning event, and the DHCP/TFTP/HTTP part of them alone (the "did it even network-boot?"
 * view). One event per line, with its time.
 */
final class Diagnostics {

    /** A file of the work folder and the name it is attached to the report under. */
    record Attachment(String name, Path file) {
    }

    private Diagnostics() {
    }

    static List<Attachment> write(List<Target> targets, Path workDir) throws IOException {
        List<Attachment> attachments = new ArrayList<>();
        for (Target target : targets) {
            String name = target.name();
            if (Files.exists(target.consoleLog())) {
                attachments.add(new Attachment(name + "-console.log", target.consoleLog()));
            }
            List<ProvisioningEvent> events = target.events();
            attachments.add(new Attachment(name + "-events.log",
                    writeLines(workDir.resolve(name + "-events.log"), events, e -> true)));
            attachments.add(new Attachment(name + "-network.log",
                    writeLines(workDir.resolve(name + "-network.log"), events, Diagnostics::isNetwork)));
        }
        return attachments;
    }

    static boolean isNetwork(ProvisioningEvent event) {
        return event instanceof DhcpEvent || event instanceof TftpEvent || event instanceof HttpEvent;
    }

    static String lines(List<ProvisioningEvent> events, Predicate<ProvisioningEvent> which) {
        return events.stream().filter(which).map(e -> e.time() + " " + e.summary())
                .collect(Collectors.joining("\n", "", events.stream().anyMatch(which) ? "\n" : ""));
    }

    private static Path writeLines(Path file, List<ProvisioningEvent> events, Predicate<ProvisioningEvent> which)
            throws IOException {
        return Files.writeString(file, lines(events, which), StandardCharsets.UTF_8);
    }
}
