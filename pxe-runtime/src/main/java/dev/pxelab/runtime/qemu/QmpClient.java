package dev.pxelab.runtime.qemu;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The QEMU Machine Protocol over QEMU's Unix domain socket, just enough to power a target off,
 * reset it and ask its state. QMP is one JSON object per line; asynchronous events (lines with
 * {@code "event"}) may come between a command and its answer and are skipped.
 */
final class QmpClient implements AutoCloseable {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    private final SocketChannel channel;
    private final Path socket;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(65536);
    private final StringBuilder pending = new StringBuilder();

    private QmpClient(SocketChannel channel, Path socket) {
        this.channel = channel;
        this.socket = socket;
    }

    /** Connects, reads the greeting and leaves capabilities negotiation mode. */
    static QmpClient connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            QmpClient client = new QmpClient(channel, socket);
            String greeting = client.readLine();
            if (!greeting.contains("\"QMP\"")) {
                throw new IOException("QMP socket " + socket + " did not greet with QMP: " + greeting);
            }
            client.execute("qmp_capabilities");
            return client;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Runs a command without arguments; returns its answer line, or fails with QEMU's error. */
    String execute(String command) throws IOException {
        return call(command, "{\"execute\":\"" + command + "\"}\n");
    }

    /** Presses and releases one key, named by its QEMU key code ({@code spc}, {@code ret}, ...). */
    void sendKey(String qcode) throws IOException {
        call("send-key", "{\"execute\":\"send-key\",\"arguments\":{\"keys\":[{\"type\":\"qcode\",\"data\":\""
                + qcode + "\"}]}}\n");
    }

    private synchronized String call(String command, String json) throws IOException {
        write(json);
        while (true) {
            String line = readLine();
            if (line.contains("\"return\"")) {
                return line;
            }
            if (line.contains("\"error\"")) {
                throw new IOException("QMP " + command + " failed: " + line);
            }
            // an event: not our answer
        }
    }

    /** QEMU's run state, e.g. {@code running}, {@code paused}, {@code shutdown}. */
    String status() throws IOException {
        String answer = execute("query-status");
        Matcher m = STATUS.matcher(answer);
        if (!m.find()) {
            throw new IOException("QMP query-status answer has no status: " + answer);
        }
        return m.group(1);
    }

    private void write(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private String readLine() throws IOException {
        while (true) {
            int newline = pending.indexOf("\n");
            if (newline >= 0) {
                String line = pending.substring(0, newline).strip();
                pending.delete(0, newline + 1);
                if (!line.isEmpty()) {
                    return line;
                }
                continue;
            }
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                throw new IOException("QMP socket " + socket + " closed by QEMU");
            }
            pending.append(new String(readBuffer.array(), 0, n, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
