package dev.pxelab.runtime.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code pxelab} command: dispatches to a subcommand ({@code tools/pxelab validate FILE...}). */
public final class Main {

    /** Every subcommand; adding one is one line here. */
    private static final List<Command> COMMANDS = List.of(
            new ValidateCommand(),
            new ServeCommand(),
            new DemoCommand());

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns its exit status (tests call this instead of {@link #main}). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> byName = new LinkedHashMap<>();
        COMMANDS.forEach(command -> byName.put(command.name(), command));
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? Command.USAGE : 0;
        }
        Command command = byName.get(args[0]);
        if (command == null) {
            err.println("pxelab: unknown command '" + args[0] + "'");
            usage(err);
            return Command.USAGE;
        }
        return command.run(Arrays.asList(args).subList(1, args.length), out, err);
    }

    private static void usage(PrintStream stream) {
        stream.println("usage: pxelab COMMAND [ARGS...]");
        stream.println("commands:");
        COMMANDS.forEach(command -> stream.println("  " + command.synopsis()));
    }
}
