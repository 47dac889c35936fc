package dev.pxelab.runtime.cli;

import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Lab;

import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.provision.HostState;
import dev.pxelab.runtime.provision.StateChange;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.ssh.CommandResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code pxelab demo}: boots a small lab end to end — two machines, one BIOS and one UEFI, each
 * with its own hostname and autoinstall data — and shows, per machine, what happened and how long
 * each stage took. Must run in a network namespace of its own ({@code tools/demo} does that).
 */
final class DemoCommand implements Command {

    private static final String USER_DATA = """
            #cloud-config
            autoinstall:
              version: 1
              identity:
                hostname: %s
                username: demo
                password: "$6$pxelablab$tR0PCqHdp/Z9lITft8xEmemBJ53khB.RqOieaGDc5IRZQfOe0ZY5FfTFioU0GYXx4rXCGJ0.J2HSOAjcXRGSf1"
              ssh:
                install-server: true
              storage:
                layout:
                  name: direct
              late-commands:
                - echo "installed by pxelab for %s" > /target/etc/motd
            """;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "demo                                                          boot, install and check two machines";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("usage: pxelab " + synopsis().strip());
            return USAGE;
        }
        Instant start = Instant.now();
        ProgressPrinter progress = new ProgressPrinter(out);
        try (Lab lab = Lab.builder().name("demo").workDir(Path.of("target", "pxelab", "demo"))
                .target(machine("00:16:3e:11:22:33", "web-1", Firmware.BIOS))
                .target(machine("00:16:3e:44:55:66", "db-1", Firmware.UEFI))
                .start()) {
            lab.keepFiles(); // the demo ends by pointing at the consoles: closing must not remove them
            lab.provisioner().onEvent(progress::print);
            out.printf("pxelab demo: lab on %s (%s), %d machines booting from the network under %s%n",
                    lab.network().bridgeName(), lab.network().subnet(), lab.targets().size(),
                    lab.targets().get(0).machine().describe());
            lab.awaitReady();
            out.println();
            for (Target target : lab.targets()) {
                report(target, start, out);
            }
            out.printf("%nall %d machines installed and answering SSH after %.1f s; consoles in %s%n",
                    lab.targets().size(), seconds(start, Instant.now()), lab.workDir().toAbsolutePath());
            return 0;
        } catch (RuntimeException e) {
            err.println("pxelab demo failed: " + e.getMessage());
            return 1;
        }
    }

    private static TargetDefinition machine(String mac, String hostname, Firmware firmware) {
        return TargetDefinition.builder(mac).hostname(hostname).firmware(firmware)
                .userData(Document.inline(hostname + ".yaml", USER_DATA.formatted(hostname, hostname))).build();
    }

    private static void report(Target target, Instant start, PrintStream out) {
        CommandResult hostname = target.ssh().run("hostname", Duration.ofSeconds(20));
        CommandResult motd = target.ssh().run("cat /etc/motd", Duration.ofSeconds(20));
        out.printf("%s  %s  %s  firmware %s%n", target.mac(), target.address().getHostAddress(), target.name(),
                target.definition().machine().firmware());
        out.printf("    over SSH: hostname=%s, /etc/motd=\"%s\"%n", hostname.stdout().strip(), motd.stdout().strip());
        Instant previous = start;
        for (StateChange change : target.status().changes()) {
            out.printf("    %-10s at %6.1f s  (+%5.1f s)%n", change.state(), seconds(start, change.time()),
                    seconds(previous, change.time()));
            previous = change.time();
        }
        if (target.state() != HostState.BOOTED) {
            out.println("    (not booted: " + target.state() + ")");
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
