package dev.pxelab.runtime.event;

/**
 * Where servers deliver their events. Implementations must be thread-safe and must not block:
 * servers call this from their I/O threads.
 */
@FunctionalInterface
public interface EventSink {

    EventSink NONE = event -> { };

    void accept(ProvisioningEvent event);
}
