package dev.pxelab.runtime.tftp;

/** A datagram that is not a well-formed TFTP packet; the message says what is wrong with it. */
final class MalformedPacketException extends Exception {

    MalformedPacketException(String message) {
        super(message);
    }
}
