package dev.pxelab.junit;

import dev.pxelab.runtime.machine.Machine;
import dev.pxelab.runtime.machine.MachineBackend;
import dev.pxelab.runtime.machine.MachineSpec;
import dev.pxelab.runtime.net.LabNetwork;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A machine backend with no machines behind it, to prove that the lab needs nothing of QEMU: each
 * "machine" plays an installer when powered on — it reads the webhook from its user-data and
 * reports the test OS's start and finish events there, as a real installer does, and prints to its console
 * log — and answers the power buttons like a real one. It has no network stack, so no DHCP and no
 * SSH: labs using it turn the built-in readiness checks off.
 */
public final class ScriptedMachines implements MachineBackend {

    /** What a scripted machine prints once its install is reported. */
    static final String INSTALLED = "scripted install finished";

    @Override
    public Machine start(MachineSpec spec, LabNetwork network, Path workDir) throws IOException {
        Files.createDirectories(workDir.resolve(spec.name()));
        ScriptedMachine machine = new ScriptedMachine(spec, network.serverAddress().getHostAddress(),
                workDir.resolve(spec.name() + ".log"), workDir.resolve(spec.name()));
        machine.powerOn();
        return machine;
    }

    @Override
    public List<Path> files(MachineSpec spec, Path workDir) {
        return List.of(workDir.resolve(spec.name() + ".log"), workDir.resolve(spec.name()));
    }

    static final class ScriptedMachine implements Machine {
        private final MachineSpec spec;
        private final String server;
        private final Path console;
        private final Path folder;
        private volatile CountDownLatch off = new CountDownLatch(0);
        private volatile Instant startedAt;
        private volatile boolean closed;

        ScriptedMachine(MachineSpec spec, String server, Path console, Path folder) {
            this.spec = spec;
            this.server = server;
            this.console = console;
            this.folder = folder;
        }

        @Override
        public MachineSpec spec() {
            return spec;
        }

        @Override
        public boolean isRunning() {
            return off.getCount() > 0;
        }

        @Override
        public synchronized void powerOn() throws IOException {
            if (closed || isRunning()) {
                return;
            }
            off = new CountDownLatch(1);
            startedAt = Instant.now();
            print("scripted machine " + spec.mac() + " powered on");
            Thread install = new Thread(this::install, "scripted-" + spec.name());
            install.setDaemon(true);
            install.start();
        }

        private void install() {
            try {
                String webhook = webhook();
                report(webhook, "start", null);
                report(webhook, "finish", "SUCCESS");
                print(INSTALLED);
            } catch (IOException e) {
                print("reporting to the lab failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The endpoint the lab put into this machine's user-data: it carries the machine's report key. */
        private String webhook() throws IOException, InterruptedException {
            HttpResponse<String> userData = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + server + "/" + spec.mac() + "/user-data")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher endpoint = Pattern.compile("endpoint: (http://\\S+/events\\S*)").matcher(userData.body());
            if (userData.statusCode() != 200 || !endpoint.find()) {
                throw new IOException("no webhook in the user-data of " + spec.mac() + ": " + userData.body());
            }
            return endpoint.group(1);
        }

        private void report(String webhook, String type, String result) throws IOException, InterruptedException {
            String body = "{\"name\": \"subiquity/Install\", \"event_type\": \"" + type + "\", \"origin\": \"scripted\""
                    + (result == null ? "" : ", \"result\": \"" + result + "\"") + "}";
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(webhook))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("POST events: " + response.statusCode() + " " + response.body());
            }
        }

        @Override
        public void powerOff() {
            print("power button pressed; shutting down");
            off.countDown();
        }

        @Override
        public void forceOff() {
            print("powered off hard");
            off.countDown();
        }

        @Override
        public void reset() throws IOException {
            off.countDown();
            powerOn();
        }

        @Override
        public boolean awaitOff(Duration timeout) throws InterruptedException {
            return off.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public Path consoleLog() {
            return console;
        }

        @Override
        public List<Path> files() {
            return List.of(console, folder);
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }

        @Override
        public double slowness() {
            return 1;
        }

        @Override
        public String describe() {
            return "a scripted stand-in";
        }

        @Override
        public String whereToLook() {
            return "see " + console;
        }

        @Override
        public synchronized void close() {
            closed = true;
            off.countDown();
        }

        private synchronized void print(String line) {
            try {
                Files.writeString(console, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + console, e);
            }
        }
    }
}
