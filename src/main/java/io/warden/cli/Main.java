package io.warden.cli;

import io.warden.WardenException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Entry point: the only place that exits the JVM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; never exits, so tests can call it. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line writing to the given streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        if (verbose) {
            System.setProperty("warden.log.level", "DEBUG");
        }
        CommandLine cli = WardenCommand.commandLine(args).setOut(new TerminalWriter(out)).setErr(new TerminalWriter(err));
        cli.setExecutionStrategy(Main::execute);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            WardenException known = ErrorMessages.explain(e, cmd.getCommandSpec().qualifiedName(), access(cmd));
            cmd.getErr().println("warden: " + (known != null ? known.getMessage()
                    : "unexpected error: " + e + " (run again with --verbose for the stack trace)"));
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            }
            return known != null ? known.exitCode() : WardenException.SOFTWARE;
        });
        cli.setParameterExceptionHandler((e, parsedArgs) -> {
            CommandLine cmd = e.getCommandLine();
            StringBuilder line = new StringBuilder("warden: ").append(message(e));
            if (e instanceof CommandLine.UnmatchedArgumentException u) {
                List<String> suggestions = u.getSuggestions();
                if (!suggestions.isEmpty()) {
                    String prefix = u.isUnknownOption() ? "" : cmd.getCommandSpec().qualifiedName() + " ";
                    line.append("; did you mean ").append(String.join(" or ",
                            suggestions.stream().limit(3).map(s -> prefix + s).toList())).append('?');
                }
            }
            line.append(" (try '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
            cmd.getErr().println(line.toString().replace('\n', ' '));
            return WardenException.USAGE;
        });
        return cli.execute(args);
    }

    /** Advice for the principal the failed command connected as, when it takes connection options. */
    private static io.warden.kafka.AccessAdvice access(CommandLine cmd) {
        for (var mixin : cmd.getCommandSpec().mixins().values()) {
            if (mixin.userObject() instanceof ConnectionOptions connection) {
                try {
                    return io.warden.kafka.AccessAdvice.of(connection.settings());
                } catch (RuntimeException unreadable) {
                    break; // the settings are what failed: advise without them
                }
            }
        }
        return io.warden.kafka.AccessAdvice.unknown();
    }

    private static String message(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption() && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            boolean commands = !e.getCommandLine().getSubcommands().isEmpty();
            return (commands ? "unknown command '" : "unexpected argument '") + word + "'"
                    + (commands ? " for '" + e.getCommandLine().getCommandSpec().qualifiedName() + "'" : "");
        }
        return e.getMessage();
    }

    /**
     * Runs the command picocli parsed, after one more check: words it could not place are an
     * error even when {@code --help} is among them, so {@code warden bakup --help} is exit 64
     * with a suggestion, not the top help with exit 0.
     */
    private static int execute(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }
}
