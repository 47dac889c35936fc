package dev.pxelab.assets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What pxelab's provisioner will do for the test OS, reduced to the HTTP part: NoCloud data per
 * MAC under /MAC/, the system image under /testos/x86_64/, and the reporting webhook at /hook.
 * It runs in the test JVM's network namespace; QEMU's user-mode network reaches it as 10.0.2.2.
 */
final class StandInProvisioner implements AutoCloseable {

    /** One webhook POST, as received, and when. */
    record Event(long receivedMillis, String json) {
        String field(String name) {
            Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
            return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
        }
        boolean isFinalResult() { return "subiquity/Install".equals(field("name")) && "finish".equals(field("event_type")); }
    }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Long> firstGet = new ConcurrentHashMap<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    StandInProvisioner(Path image) throws IOException {
        this(image, TestOsBuild.IMAGE_PATH);
    }

    /** Serves {@code image} at {@code imagePath} (the installer's {@code testos.image=} then names it). */
    StandInProvisioner(Path image, String imagePath) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", this::hook);
        server.createContext(imagePath, ex -> {
            firstGet.putIfAbsent(ex.getRequestURI().getPath(), System.currentTimeMillis());
            ex.sendResponseHeaders(200, Files.size(image));
            try (OutputStream out = ex.getResponseBody()) { Files.copy(image, out); }
        });
        server.createContext("/", this::file);
        server.start();
    }

    int port() { return server.getAddress().getPort(); }

    /** The seed URL as QEMU's guest sees it: http://10.0.2.2:PORT/MAC/ */
    String seedUrl(String mac) { return "http://10.0.2.2:" + port() + "/" + mac + "/"; }

    String hookUrl() { return "http://10.0.2.2:" + port() + "/hook"; }

    void serve(String mac, String userData, String metaData) {
        files.put("/" + mac + "/user-data", userData.getBytes(StandardCharsets.UTF_8));
        files.put("/" + mac + "/meta-data", metaData.getBytes(StandardCharsets.UTF_8));
    }

    Long firstGet(String path) { return firstGet.get(path); }

    List<Event> events() { return List.copyOf(events); }

    /** Waits for the install's final finish event (name subiquity/Install). */
    Event awaitFinalResult(Duration timeout, ProcessHandle qemu) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event e : events) if (e.isFinalResult()) return e;
            if (!qemu.isAlive()) {
                for (Event e : events) if (e.isFinalResult()) return e;
                throw new AssertionError("QEMU exited before the final subiquity/Install event; events: " + events);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no final subiquity/Install event within " + timeout + "; events: " + events);
    }

    private void hook(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if ("POST".equals(ex.getRequestMethod()) && type != null && type.startsWith("application/json")) {
            events.add(new Event(System.currentTimeMillis(), body));
            ex.sendResponseHeaders(200, -1);
        } else {
            ex.sendResponseHeaders(400, -1);
        }
        ex.close();
    }

    private void file(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body = files.get(path);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
        } else {
            firstGet.putIfAbsent(path, System.currentTimeMillis());
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) { out.write(body); }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
