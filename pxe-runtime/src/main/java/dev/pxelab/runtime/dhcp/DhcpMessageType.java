package dev.pxelab.runtime.dhcp;

/** Option 53 values: RFC 2131 (1-8), RFC 3203 (9), RFC 4388 (10-13), RFC 6926 (14-18). */
enum DhcpMessageType {
    DISCOVER(1), OFFER(2), REQUEST(3), DECLINE(4), ACK(5), NAK(6), RELEASE(7), INFORM(8),
    FORCERENEW(9), LEASEQUERY(10), LEASEUNASSIGNED(11), LEASEUNKNOWN(12), LEASEACTIVE(13),
    BULKLEASEQUERY(14), LEASEQUERYDONE(15), ACTIVELEASEQUERY(16), LEASEQUERYSTATUS(17), TLS(18);

    private final int code;

    DhcpMessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static DhcpMessageType of(int code) {
        for (DhcpMessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new DhcpFormatException("option 53 (message type) has unknown value " + code);
    }
}
