package io.warden.cli;

import io.warden.WardenException;
import picocli.CommandLine;

/** Entry point: the only place that exits the JVM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; never exits, so tests can call it. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command line writing to the given streams. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        if (verbose) {
            System.setProperty("warden.log.level", "DEBUG");
        }
        CommandLine cli = WardenCommand.commandLine(args).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            WardenException known = e instanceof WardenException w ? w : null;
            String message = known != null ? known.getMessage() : "unexpected error: " + e;
            cmd.getErr().println("warden: " + message);
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            } else if (known == null) {
                cmd.getErr().println("warden: run again with --verbose for the stack trace");
            }
            return known != null ? known.exitCode() : WardenException.SOFTWARE;
        });
        cli.setParameterExceptionHandler((e, parsedArgs) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("warden: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return WardenException.USAGE;
        });
        return cli.execute(args);
    }
}
