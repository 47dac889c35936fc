package dev.pxelab.runtime.cli;

import dev.pxelab.runtime.event.ProvisioningEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** One line per event, stamped with the seconds since the lab started, so a reader sees where time goes. */
final class ProgressPrinter {

    private final PrintStream out;
    private final Instant start = Instant.now();

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    synchronized void print(ProvisioningEvent event) {
        Duration elapsed = Duration.between(start, event.time());
        out.printf("%7.2fs  %s%n", elapsed.toMillis() / 1000.0, event.summary());
    }
}
