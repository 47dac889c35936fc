package dev.pxelab.runtime.dhcp;

/** A datagram that is not a well-formed DHCPv4 message; the text says what is wrong and where. */
public final class DhcpFormatException extends RuntimeException {

    public DhcpFormatException(String message) {
        super(message);
    }
}
