package dev.pxelab.runtime.event;

import dev.pxelab.runtime.net.MacAddress;
import java.net.Inet4Address;
import java.time.Instant;

/**
 * A DHCP message the server received or sent for a client.
 *
 * @param address the address offered or acknowledged, or null where the message has none
 * @param bootFile the boot file name or URL handed out, or null
 */
public record DhcpEvent(Instant time, MacAddress mac, Type type, Inet4Address address, String bootFile)
        implements ProvisioningEvent {

    public enum Type { DISCOVER, OFFER, REQUEST, ACK, NAK, DECLINE, RELEASE, INFORM }

    @Override
    public String summary() {
        return "DHCP " + type + " " + mac
                + (address == null ? "" : " " + address.getHostAddress())
                + (bootFile == null ? "" : " boot " + bootFile);
    }
}
