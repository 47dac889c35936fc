package dev.pxelab.runtime.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Runs the real curl binary and hands back status, headers and body bytes. */
final class Curl {

    record Response(int status, String headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The value of the first header with that name (case-insensitive), or null. */
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private Curl() { }

    static Response run(Path work, String... args) throws IOException, InterruptedException {
        Path body = Files.createTempFile(work, "body", ".bin");
        Path headers = Files.createTempFile(work, "headers", ".txt");
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "20",
                "--output", body.toString(), "--dump-header", headers.toString(), "--write-out", "%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("curl did not finish: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("curl exited with " + process.exitValue() + ": " + command);
        }
        return new Response(Integer.parseInt(status), Files.readString(headers, StandardCharsets.ISO_8859_1),
                Files.readAllBytes(body));
    }
}
