package dev.pxelab.runtime.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a requested file name into content, never anything outside the root: the in-memory
 * source first, then the root folder. Names are taken as relative to the root even with a
 * leading '/', as dnsmasq and tftp-hpa's secure mode do ("/undionly.kpxe" is common in PXE).
 */
final class FileResolver {

    /**
     * Netascii is converted in memory, at most twice the file's size; every conversion reserves
     * that from one budget shared by all transfers, and a request the budget cannot cover is
     * refused (25 parallel netascii requests for a 12 MB file once took the server down with an
     * OutOfMemoryError).
     */
    static final class NetasciiBudget {
        private final long total;
        private long used;

        NetasciiBudget(long total) {
            this.total = total;
        }

        synchronized boolean reserve(long bytes) {
            if (bytes > total - used) {
                return false;
            }
            used += bytes;
            return true;
        }

        synchronized void release(long bytes) {
            used -= bytes;
        }

        synchronized long used() {
            return used;
        }

        long total() {
            return total;
        }
    }

    /** A request that gets an error packet instead of a transfer. */
    static final class Refused extends Exception {
        final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }

        TftpPacket.Error toPacket() {
            return new TftpPacket.Error(code, getMessage());
        }
    }

    private final Optional<Path> root;
    private final TftpFileSource files;
    private final NetasciiBudget netascii;

    FileResolver(Optional<Path> root, TftpFileSource files, long netasciiBytes) throws IOException {
        this.root = root.isPresent() ? Optional.of(root.get().toRealPath()) : Optional.empty();
        this.files = files;
        this.netascii = new NetasciiBudget(netasciiBytes);
    }

    NetasciiBudget netasciiBudget() {
        return netascii;
    }

    /**
     * The name as the file source sees it: relative, '/'-separated, no empty or '.' segments.
     * Refuses with access violation anything that could name a file outside the root.
     */
    static String normalise(String requested) throws Refused {
        if (requested.isEmpty()) {
            throw new Refused(TftpPacket.Error.FILE_NOT_FOUND, "empty file name");
        }
        if (requested.length() > TftpServerConfig.MAX_NAME_LENGTH) {
            throw new Refused(TftpPacket.Error.ACCESS_VIOLATION, "file name of " + requested.length()
                    + " characters is longer than " + TftpServerConfig.MAX_NAME_LENGTH);
        }
        for (int i = 0; i < requested.length(); i++) {
            char c = requested.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new Refused(TftpPacket.Error.ACCESS_VIOLATION, "control character in file name");
            }
            if (c == '\\') {
                throw new Refused(TftpPacket.Error.ACCESS_VIOLATION, "backslash in file name");
            }
        }
        String lower = requested.toLowerCase(Locale.ROOT);
        // TFTP does not URL-decode, but a file named like an encoded traversal is never legitimate.
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            throw new Refused(TftpPacket.Error.ACCESS_VIOLATION, "URL-encoded '.', '/' or '\\' in file name");
        }
        StringBuilder out = new StringBuilder(requested.length());
        for (String segment : requested.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new Refused(TftpPacket.Error.ACCESS_VIOLATION, "'..' in file name");
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        if (out.length() == 0) {
            throw new Refused(TftpPacket.Error.FILE_NOT_FOUND, "file name names no file");
        }
        return out.toString();
    }

    Content resolve(String requested, boolean netascii, InetSocketAddress client) throws Refused, IOException {
        String name = normalise(requested);
        Optional<byte[]> generated = files.find(name, client);
        if (generated.isPresent()) {
            byte[] bytes = generated.get();
            return netascii ? converted(bytes.length, () -> bytes) : Content.of(bytes);
        }
        if (root.isEmpty()) {
            throw new Refused(TftpPacket.Error.FILE_NOT_FOUND, "no such file (no root folder configured)");
        }
        Path candidate = root.get().resolve(name);
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new Refused(TftpPacket.Error.FILE_NOT_FOUND, "no such file under " + root.get());
        }
        if (!real.startsWith(root.get())) {
            throw new Refused(TftpPacket.Error.ACCESS_VIOLATION, "symbolic link leads outside " + root.get());
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(TftpPacket.Error.FILE_NOT_FOUND, "not a regular file under " + root.get());
        }
        if (!Files.isReadable(real)) {
            throw new Refused(TftpPacket.Error.ACCESS_VIOLATION, "file is not readable");
        }
        if (netascii) {
            return converted(Files.size(real), () -> Files.readAllBytes(real));
        }
        return Content.open(real);
    }

    private interface Bytes {
        byte[] read() throws IOException;
    }

    /** The netascii form of a file of {@code size} bytes, within the budget, or refused. */
    private Content converted(long size, Bytes bytes) throws Refused, IOException {
        long worst = 2 * size + 16; // the file, and its conversion when every byte is a line end
        if (worst > netascii.total()) {
            throw new Refused(TftpPacket.Error.NOT_DEFINED, "file of " + size + " bytes is too large for netascii"
                    + " mode (at most " + (netascii.total() - 16) / 2 + " bytes); use octet");
        }
        if (!netascii.reserve(worst)) {
            throw new Refused(TftpPacket.Error.NOT_DEFINED, "server busy: netascii conversions use their memory"
                    + " limit of " + netascii.total() + " bytes; try again later or use octet");
        }
        byte[] encoded;
        try {
            encoded = Netascii.encode(bytes.read());
        } catch (IOException | RuntimeException e) {
            netascii.release(worst);
            throw e;
        }
        long keep = encoded.length;
        netascii.release(worst - keep);
        return Content.of(encoded, () -> netascii.release(keep));
    }
}
