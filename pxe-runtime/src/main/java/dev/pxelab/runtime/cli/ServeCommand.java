package dev.pxelab.runtime.cli;

import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.lab.LabFile;
import dev.pxelab.runtime.lab.LabProperties;
import dev.pxelab.runtime.provision.Provisioner;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pxelab serve LABFILE}: creates the lab's bridge with the lab address and runs the
 * provisioner on it until interrupted, printing each client's progress. The bridge is created in
 * the namespace the command runs in, and only when that namespace has no interfaces of its own
 * (see {@link LabProperties#ALLOW_FOREIGN_INTERFACES}): run it under
 * {@code unshare --net}, and start the machines to provision in the same namespace.
 */
final class ServeCommand implements Command {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String synopsis() {
        return "serve LABFILE                                                 run the provisioner for a lab file";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            err.println("usage: pxelab " + synopsis().strip());
            return USAGE;
        }
        LabFile.Served lab;
        try {
            lab = LabFile.serving(LabProperties.fromSystemProperties(), Path.of(args.get(0)));
        } catch (IllegalArgumentException e) {
            err.println("pxelab serve: " + e.getMessage());
            return 1;
        }
        ProvisionerConfig config = lab.provisioner();
        CountDownLatch stopped = new CountDownLatch(1);
        CloseOnce open = new CloseOnce(err::println);
        // On SIGTERM/SIGINT the JVM runs its shutdown hooks and halts: the hook itself must close
        // the provisioner and remove the bridge, or the next serve finds it and refuses.
        Thread hook = new Thread(() -> {
            stopped.countDown();
            open.close();
        }, "pxelab-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            LabNetwork network = open.add(LabNetwork.create(lab.definition().network()));
            Provisioner provisioner = open.add(Provisioner.start(config));
            ProgressPrinter progress = new ProgressPrinter(out);
            provisioner.onEvent(progress::print);
            out.printf("pxelab: serving %d host(s) on %s (%s), HTTP %s%n", config.hosts().size(),
                    network.bridgeName(), config.serverAddress().getHostAddress(), provisioner.httpBase());
            stopped.await();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("pxelab serve: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            open.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it closed everything
            }
        }
    }
}
