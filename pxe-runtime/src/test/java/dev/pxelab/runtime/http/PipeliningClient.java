package dev.pxelab.runtime.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What apt does with {@code Acquire::http::Pipeline-Depth}: writes every queued GET on one connection
 * before reading the first answer, reads the answers in order, and sends what is still unanswered
 * again on a new connection when the server closes. Raw sockets, since curl does not pipeline.
 */
final class PipeliningClient {

    record Answer(String path, int status, String connection, byte[] body) { }

    /** What one connection carried. */
    record Round(List<Answer> answers, boolean closedByServer) { }

    private final InetSocketAddress server;

    PipeliningClient(InetSocketAddress server) {
        this.server = server;
    }

    /** Every path fetched, over as many connections as the server asks for; the rounds in order. */
    List<Round> fetchAll(List<String> paths) throws IOException {
        List<Round> rounds = new ArrayList<>();
        List<String> queued = new ArrayList<>(paths);
        while (!queued.isEmpty()) {
            if (rounds.size() > paths.size()) {
                throw new IOException("no progress: " + queued + " still unanswered after " + rounds.size() + " connections");
            }
            Round round = oneConnection(queued);
            rounds.add(round);
            queued = queued.subList(round.answers().size(), queued.size());
        }
        return rounds;
    }

    /** Sends all of {@code paths} at once and reads answers until they are all in or the server closes. */
    Round oneConnection(List<String> paths) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 2000);
            socket.setSoTimeout(10_000);
            StringBuilder requests = new StringBuilder();
            for (String path : paths) {
                requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: lab\r\n")
                        .append("User-Agent: Debian APT-HTTP/1.3 (2.6.1)\r\n\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Answer> answers = new ArrayList<>();
            for (String path : paths) {
                String statusLine = line(in);
                if (statusLine == null) {
                    return new Round(answers, true);
                }
                answers.add(answer(path, statusLine, in));
            }
            return new Round(answers, false);
        }
    }

    private static Answer answer(String path, String statusLine, InputStream in) throws IOException {
        int length = -1;
        String connection = "";
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equals("connection")) {
                connection = value.toLowerCase(Locale.ROOT);
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length in the answer for " + path + ": " + statusLine);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException(path + ": connection closed after " + body.length + " of " + length + " bytes");
        }
        return new Answer(path, Integer.parseInt(statusLine.split(" ")[1]), connection, body);
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                return line.toString().replaceFirst("\r$", "");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }
}
