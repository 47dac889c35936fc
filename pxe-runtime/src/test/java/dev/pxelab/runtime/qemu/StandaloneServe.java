package dev.pxelab.runtime.qemu;

import dev.pxelab.runtime.boot.TestOs;
import dev.pxelab.runtime.boot.TestOsInstaller;
import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.net.MacAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code pxelab serve --interface BRIDGE --ipv6-ra LABFILE} in a JVM of its own, the way a user
 * runs it, serving the test OS's kernel and initrd to one MAC on a bridge it did not create.
 * Benchmarks only. Stopped with SIGTERM by its PID on close.
 */
final class StandaloneServe implements AutoCloseable {

    private final Process process;

    private StandaloneServe(Process process) {
        this.process = process;
    }

    static StandaloneServe start(LabNetwork bridge, Path work, MacAddress mac, String kernel, String initrd,
                                 String cmdline) throws IOException, InterruptedException {
        Path lab = work.resolve("lab.yaml");
        Files.writeString(lab, """
                address: %s
                assets: %s
                profile:
                  kernel: %s
                  initrds: [%s]
                  cmdline: %s
                hosts:
                  - mac: %s
                    hostname: bench
                """.formatted(bridge.subnet().cidrOf(bridge.serverAddress()),
                TestOsInstaller.of(TestOs.TINY).assetRoot().orElseThrow(), kernel, initrd, cmdline, mac));
        Path log = work.resolve("serve.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.pxelab.runtime.cli.Main",
                "serve", "--interface", bridge.bridgeName(), "--ipv6-ra", lab.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        StandaloneServe serve = new StandaloneServe(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("pxelab: serving")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                serve.close();
                throw new IllegalStateException("pxelab serve did not start:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return serve;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: serve's shutdown hook closes the provisioner
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
