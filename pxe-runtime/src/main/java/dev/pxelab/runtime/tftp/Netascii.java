package dev.pxelab.runtime.tftp;

import java.io.ByteArrayOutputStream;

/**
 * RFC 1350 / RFC 764 netascii: line ends become CR LF and a bare CR becomes CR NUL. Text files
 * asked for in netascii are small, so the converted form is built in memory (which also gives
 * {@code tsize} its exact value).
 */
final class Netascii {

    private Netascii() {
    }

    static byte[] encode(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 16 + 16);
        for (byte b : in) {
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b == '\r') {
                out.write('\r');
                out.write(0);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
