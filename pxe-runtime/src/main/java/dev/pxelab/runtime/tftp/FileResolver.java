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

    /** Netascii is converted in memory; larger "text" files are refused rather than buffered. */
    static final long MAX_NETASCII_SIZE = 16L << 20;

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

    FileResolver(Optional<Path> root, TftpFileSource files) throws IOException {
        this.root = root.isPresent() ? Optional.of(root.get().toRealPath()) : Optional.empty();
        this.files = files;
    }

    /**
     * The name as the file source sees it: relative, '/'-separated, no empty or '.' segments.
     * Refuses with access violation anything that could name a file outside the root.
     */
    static String normalise(String requested) throws Refused {
        if (requested.isEmpty()) {
            throw new Refused(TftpPacket.Error.FILE_NOT_FOUND, "empty file name");
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
            return Content.of(netascii ? Netascii.encode(bytes) : bytes);
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
            long size = Files.size(real);
            if (size > MAX_NETASCII_SIZE) {
                throw new Refused(TftpPacket.Error.NOT_DEFINED, "file of " + size
                        + " bytes is too large for netascii mode (max " + MAX_NETASCII_SIZE + "); use octet");
            }
            return Content.of(Netascii.encode(Files.readAllBytes(real)));
        }
        return Content.open(real);
    }
}
