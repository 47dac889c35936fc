package dev.pxelab.runtime.dhcp;

/** A datagram that is not a well-formed DHCPv4 message; the text says what is wrong and where. */
final class DhcpFormatException extends RuntimeException {

    DhcpFormatException(String message) {
        super(message);
    }
}
