package dev.pxelab.runtime.tftp;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of one transfer, read block by block at absolute positions so a window can be resent
 * from any block without state, and large files never pass through the heap whole.
 */
interface Content extends Closeable {

    long size();

    /** Copies {@code length} bytes starting at {@code position} into {@code dst} (which must have room). */
    void read(long position, int length, ByteBuffer dst) throws IOException;

    @Override
    default void close() throws IOException {
    }

    static Content of(byte[] bytes) {
        return new Memory(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), () -> { });
    }

    /** In-memory bytes that give their memory back to a budget ({@code onClose}) when the transfer ends. */
    static Content of(byte[] bytes, Runnable onClose) {
        return new Memory(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), onClose);
    }

    static Content open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new FileContent(channel, channel.size(), file);
    }

    /** In-memory bytes: one reusable view, so copying a block allocates nothing. */
    final class Memory implements Content {
        private final ByteBuffer view;
        private Runnable onClose;

        Memory(ByteBuffer bytes, Runnable onClose) {
            this.view = bytes.duplicate();
            this.onClose = onClose;
        }

        @Override
        public void close() {
            if (onClose != null) {
                onClose.run();
                onClose = null;
            }
        }

        @Override
        public long size() {
            return view.capacity();
        }

        @Override
        public void read(long position, int length, ByteBuffer dst) {
            view.limit((int) position + length).position((int) position);
            dst.put(view);
        }
    }

    /** A file read with positional reads into the caller's (direct) buffer: one copy, from the page cache. */
    final class FileContent implements Content {
        private final FileChannel channel;
        private final long size;
        private final Path file;

        FileContent(FileChannel channel, long size, Path file) {
            this.channel = channel;
            this.size = size;
            this.file = file;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void read(long position, int length, ByteBuffer dst) throws IOException {
            int end = dst.position() + length;
            int savedLimit = dst.limit();
            dst.limit(end);
            try {
                long at = position;
                while (dst.hasRemaining()) {
                    int n = channel.read(dst, at);
                    if (n < 0) {
                        throw new EOFException(file + " shrank to " + at + " bytes while being served (was " + size + ")");
                    }
                    at += n;
                }
            } finally {
                dst.limit(savedLimit);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
