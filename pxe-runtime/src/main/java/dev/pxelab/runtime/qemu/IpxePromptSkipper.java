package dev.pxelab.runtime.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presses a key when iPXE shows "Press Ctrl-B for the iPXE command line...", so the boot goes on
 * at once instead of waiting for the prompt to time out.
 *
 * <p>The iPXE builds QEMU users have (ipxe-qemu's NIC ROMs, Debian's {@code snponly.efi}) wait
 * 2 s at this prompt each time iPXE starts, and again when its autoboot gives up: under TCG the
 * largest single wait of a BIOS network boot, and no setting a DHCP or HTTP server sends can
 * shorten it. Any key other than Ctrl-B ends it and iPXE boots exactly as it would have. The key
 * goes out only while the prompt is the last thing on the console, so it is not left in the
 * keyboard buffer for a later reader such as GRUB. One prompt at a time: several in one read
 * are all over but the last.
 *
 * <p>{@link IpxePrompt#WAIT} turns this off, for a user who wants to reach iPXE's shell.
 */
final class IpxePromptSkipper implements AutoCloseable {

    static final String PROMPT = "Press Ctrl-B for the iPXE command line";

    private static final Logger LOG = LoggerFactory.getLogger(IpxePromptSkipper.class);
    private static final long POLL_MILLIS = 20;

    private final Path console;
    private final long startOffset;
    private final QmpClient qmp;
    private final String targetName;
    private final StreamMatcher prompts = new StreamMatcher(PROMPT);
    private final AtomicInteger keysSent = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    private IpxePromptSkipper(Path console, long startOffset, QmpClient qmp, String targetName) {
        this.console = console;
        this.startOffset = startOffset;
        this.qmp = qmp;
        this.targetName = targetName;
        this.thread = new Thread(this::watch, "pxelab-ipxe-prompt-" + targetName);
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching {@code console} from {@code startOffset} on; closing stops it. A machine
     * powered on again appends to its console: the prompts of its earlier runs are not this run's.
     */
    static IpxePromptSkipper start(Path console, long startOffset, QmpClient qmp, String targetName) {
        IpxePromptSkipper skipper = new IpxePromptSkipper(console, startOffset, qmp, targetName);
        skipper.thread.start();
        return skipper;
    }

    /** How many prompts were answered so far. */
    int keysSent() {
        return keysSent.get();
    }

    private void watch() {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        FileChannel channel = null;
        try {
            while (!closed) {
                if (channel == null) {
                    channel = open();
                }
                if (channel != null && readAndAnswer(channel, buffer)) {
                    continue;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed) {
                // The boot goes on, only with iPXE's 2 s waits: not worth failing a test for.
                LOG.debug("target {}: stopped watching for iPXE's prompt: {}", targetName, e.toString());
            }
        } finally {
            closeQuietly(channel);
        }
    }

    private FileChannel open() throws IOException {
        try {
            return FileChannel.open(console, StandardOpenOption.READ).position(startOffset);
        } catch (NoSuchFileException e) {
            return null; // QEMU has not created it yet
        }
    }

    /** Reads what QEMU wrote since the last call; true if there was anything. */
    private boolean readAndAnswer(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        if (n <= 0) {
            return false;
        }
        if (prompts.feed(buffer.array(), n) > 0 && stillWaiting(buffer.array(), n)) {
            qmp.sendKey("spc");
            keysSent.incrementAndGet();
            LOG.debug("target {}: pressed a key at iPXE's Ctrl-B prompt", targetName);
        }
        return true;
    }

    /**
     * Whether the prompt is the last thing on the console, so iPXE is still waiting at it. Once
     * it has timed out iPXE writes on; a key pressed then would wait in the keyboard buffer.
     */
    private boolean stillWaiting(byte[] read, int length) {
        long after = prompts.bytesAfterLastMatch();
        if (after > length) {
            return false;
        }
        for (int i = length - (int) after; i < length; i++) {
            if (read[i] != '.') {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    @Override
    public void close() {
        // No interrupt: it would close the QMP channel under a key being sent, and the target
        // still needs that channel to quit. The watcher sees the flag within one poll.
        closed = true;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
