package dev.pxelab.runtime.lab;

/** A target did not become ready: the message names the MAC, the stage it reached, what was expected and why. */
public final class TargetNotReadyException extends RuntimeException {

    TargetNotReadyException(String message) {
        super(message);
    }

    TargetNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
