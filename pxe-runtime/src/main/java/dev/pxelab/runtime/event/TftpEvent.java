package dev.pxelab.runtime.event;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A TFTP transfer that started or ended.
 *
 * @param bytes bytes sent so far (the file size on COMPLETED)
 * @param detail why a transfer failed, or the negotiated options; may be empty
 */
public record TftpEvent(Instant time, InetSocketAddress client, String file, Type type, long bytes, String detail)
        implements ProvisioningEvent {

    public enum Type { STARTED, COMPLETED, ABORTED_BY_CLIENT, FAILED }

    @Override
    public String summary() {
        return "TFTP " + type + " " + Printable.of(file, 300) + " to " + client.getAddress().getHostAddress()
                + " (" + bytes + " bytes" + (detail.isEmpty() ? "" : ", " + Printable.of(detail, 300)) + ")";
    }
}
