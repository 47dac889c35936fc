package dev.pxelab.runtime.tftp;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One TFTP packet (RFC 1350, with the option extension of RFC 2347). Immutable; encoded and
 * decoded by {@link TftpCodec}. The server's hot path writes DATA headers straight into its send
 * buffer instead of building {@link Data} records, so these exist for requests, replies and tests.
 */
sealed interface TftpPacket {

    int RRQ = 1;
    int WRQ = 2;
    int DATA = 3;
    int ACK = 4;
    int ERROR = 5;
    int OACK = 6;

    int opcode();

    /** RRQ or WRQ: file name, transfer mode and the options in the order the client sent them. */
    record Request(int opcode, String filename, String mode, Map<String, String> options) implements TftpPacket {
        public Request {
            if (opcode != RRQ && opcode != WRQ) {
                throw new IllegalArgumentException("not a request opcode: " + opcode);
            }
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(mode, "mode");
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        static Request read(String filename, String mode, Map<String, String> options) {
            return new Request(RRQ, filename, mode, options);
        }
    }

    record Data(int block, byte[] payload) implements TftpPacket {
        public Data {
            payload = payload.clone();
        }

        @Override
        public int opcode() {
            return DATA;
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.block == block && Arrays.equals(d.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * block + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Data[block=" + block + ", " + payload.length + " bytes]";
        }
    }

    record Ack(int block) implements TftpPacket {
        @Override
        public int opcode() {
            return ACK;
        }
    }

    record Error(int code, String message) implements TftpPacket {
        static final int NOT_DEFINED = 0;
        static final int FILE_NOT_FOUND = 1;
        static final int ACCESS_VIOLATION = 2;
        static final int ILLEGAL_OPERATION = 4;
        static final int UNKNOWN_TRANSFER_ID = 5;
        /** RFC 2347: the client (or server) refuses the negotiated options. */
        static final int OPTION_REFUSED = 8;

        public Error {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public int opcode() {
            return ERROR;
        }
    }

    /** RFC 2347 option acknowledgement: the options the server accepted, with their final values. */
    record OptionAck(Map<String, String> options) implements TftpPacket {
        public OptionAck {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        @Override
        public int opcode() {
            return OACK;
        }
    }
}
