package dev.pxelab.runtime.cli;

import dev.pxelab.runtime.net.LabNetwork;
import dev.pxelab.runtime.lab.LabDefinition;
import dev.pxelab.runtime.lab.LabFile;
import dev.pxelab.runtime.lab.LabProperties;
import dev.pxelab.runtime.provision.Provisioner;
import dev.pxelab.runtime.provision.ProvisionerConfig;
import dev.pxelab.runtime.provision.SegmentFindings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pxelab serve [--interface NAME] [--proxy-dhcp] [--ipv6-ra] LABFILE}: runs the provisioner
 * for a lab file until interrupted, printing each client's progress.
 *
 * <p>By default it creates the lab's bridge with the lab address, in the namespace the command
 * runs in, and only when that namespace has no interfaces of its own (see
 * {@link LabProperties#ALLOW_FOREIGN_INTERFACES}): run it under {@code unshare --net}, and start
 * the machines to provision in the same namespace.
 *
 * <p>With {@code --interface NAME} (or {@code existing-interface: true} in the lab file) it serves
 * an interface that exists already and carries the lab address: a spare NIC on a physical lab
 * network, a libvirt network's bridge. It creates and removes nothing, and before it answers it
 * listens for another DHCP server there and refuses to start next to one, unless
 * {@code --proxy-dhcp} asks it to give only boot information and leave the addresses to that
 * server. {@code --ipv6-ra} sends IPv6 router advertisements there when no router does
 * (docs/serve.md).
 */
final class ServeCommand implements Command {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String synopsis() {
        return "serve [--interface NAME] [--proxy-dhcp] [--ipv6-ra] LABFILE   run the provisioner for a lab file";
    }

    /** What the command line says, on top of the lab file. */
    private record Options(String interfaceName, boolean proxyDhcp, boolean ipv6Ra, Path labFile) {

        boolean any() {
            return interfaceName != null || proxyDhcp || ipv6Ra;
        }

        LabDefinition.Builder applyTo(LabDefinition.Builder lab) {
            if (interfaceName != null) {
                lab.interfaceName(interfaceName).existingInterface(true);
            }
            if (proxyDhcp) {
                lab.proxyDhcp(true);
            }
            if (ipv6Ra) {
                lab.routerAdvertisements(true);
            }
            return lab;
        }
    }

    /** The options, or null when the command line is wrong. */
    private static Options parse(List<String> args) {
        String interfaceName = null;
        boolean proxy = false;
        boolean ra = false;
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--interface" -> {
                    if (i + 1 >= args.size() || interfaceName != null) {
                        return null;
                    }
                    interfaceName = args.get(++i);
                }
                case "--proxy-dhcp" -> proxy = true;
                case "--ipv6-ra" -> ra = true;
                default -> {
                    if (arg.startsWith("-") || file != null) {
                        return null;
                    }
                    file = Path.of(arg);
                }
            }
        }
        return file == null ? null : new Options(interfaceName, proxy, ra, file);
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options options = parse(args);
        if (options == null) {
            err.println("usage: pxelab " + synopsis().replaceAll("\\s{3,}.*", ""));
            return USAGE;
        }
        LabFile.Served lab;
        try {
            lab = LabFile.serving(LabProperties.fromSystemProperties(), options.labFile(),
                    options.any() ? options::applyTo : null);
        } catch (IllegalArgumentException e) {
            err.println("pxelab serve: " + e.getMessage());
            return 1;
        }
        ProvisionerConfig config = lab.provisioner();
        boolean existing = lab.definition().network().existingInterface();
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
            if (!existing) {
                open.add(LabNetwork.create(lab.definition().network()));
            }
            Provisioner provisioner = open.add(Provisioner.start(config));
            ProgressPrinter progress = new ProgressPrinter(out);
            provisioner.onEvent(progress::print);
            if (existing) {
                printSegment(out, config, provisioner.segment());
            }
            out.printf("pxelab: serving %d host(s) on %s (%s), HTTP %s%n", config.hosts().size(),
                    config.interfaceName(), config.serverAddress().getHostAddress(), provisioner.httpBase());
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

    /** What serve found on someone else's segment, and so what it does there. */
    private static void printSegment(PrintStream out, ProvisionerConfig config, SegmentFindings found) {
        String others = found.dhcpServers().isEmpty() ? "no other DHCP server answered"
                : "other DHCP server(s): " + String.join(", ", found.dhcpServers());
        out.printf("pxelab: %s on existing interface %s; %s%n", config.proxyDhcp()
                ? "proxy DHCP (boot information only, addresses from the segment's server)" : "DHCP server",
                config.interfaceName(), others);
        String ra = found.advertising() ? "sent (no other router answered)"
                : found.router().map(router -> "not sent: router " + router + " is there")
                .orElse(config.segment().routerAdvertisements() ? "not sent (see the log)" : "off (--ipv6-ra turns them on)");
        out.printf("pxelab: IPv6 router advertisements %s%n", ra);
    }
}
