package dev.pxelab.runtime.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code serve} has opened, closed exactly once in reverse order: by the main thread when
 * serving ends normally, or by the shutdown hook on SIGTERM/SIGINT, where the JVM halts as soon
 * as the hooks return. Whoever comes second waits for the first to finish.
 */
final class CloseOnce {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Consumer<String> complaints;
    private boolean closed;

    /** @param complaints where a failure to close is reported */
    CloseOnce(Consumer<String> complaints) {
        this.complaints = complaints;
    }

    synchronized <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        resources.add(resource);
        return resource;
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                complaints.accept("pxelab serve: closing " + resources.get(i) + " failed: " + e);
            }
        }
    }
}
