package dev.pxelab.runtime.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code pxelab}. */
interface Command {

    /** Exit status for a wrong command line. */
    int USAGE = 2;

    /** The word after {@code pxelab}, e.g. {@code validate}. */
    String name();

    /** One line for the usage text, e.g. {@code validate [--format text|json] FILE...  check autoinstall files}. */
    String synopsis();

    /** Runs with the arguments after the command word; returns the exit status. */
    int run(List<String> args, PrintStream out, PrintStream err);
}
