package io.warden.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "warden", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Watch, heal, run and protect Apache Kafka clusters.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  warden demo         # a real embedded 3-broker Kafka, watched",
            "  warden status --bootstrap-server kafka1:9092",
            "  warden lag -b kafka1:9092 --group billing --critical 100000",
            "  warden groups reset-offsets -b kafka1:9092 -g billing --all-topics --to-latest",
            "  warden diagnose lag -b kafka1:9092 --group billing",
            "  warden topics plan -f topics.yaml",
            "  warden verify -b kafka1:9092 --expected-brokers 1,2,3",
            "  warden watch --config /etc/warden/warden.yaml",
            "  warden events --since 1h --type alert",
            "  warden report --since 7d --markdown weekly.md",
            "  warden dlq inspect orders.DLT -b kafka1:9092",
            "  warden duplicates orders -b kafka1:9092 --id-header event-id --since 24h",
            "  warden backup create -b kafka1:9092 --topics 'orders.*' --to /backups/orders",
            "  warden restore /backups/orders -b kafka2:9092 --execute",
            "  warden drift diff -b kafka1:9092 --baseline baseline.json",
            "  warden audit compliance -b kafka1:9093 --profile hipaa --report-dir reports",
            "",
            "Exit codes: 0 OK, 1 warning, 2 critical, 3 unknown (Nagios);",
            "  64 usage, 66 missing file, 69 Kafka unreachable, 70 internal error,",
            "  73 output file not writable, 78 bad config."})
final class WardenCommand {

    /** The commands under {@code warden}, in the order of its help. */
    private static final List<Class<?>> COMMANDS = List.of(StatusCommand.class, LagCommand.class, GroupsCommand.class,
            DiagnoseCommand.class, TopicsCommand.class, DlqCommand.class, DuplicatesCommand.class, VerifyCommand.class,
            CleanupCommand.class, WatchCommand.class, EventsCommand.class, ReportCommand.class, SilenceCommand.class,
            HealCommand.class, NotifyCommand.class, BackupCommand.class, RestoreCommand.class, DriftCommand.class,
            DrCommand.class, HaCommand.class, AuditCommand.class, ConfigCommand.class, DemoCommand.class, CommandLine.HelpCommand.class);

    /**
     * The command line for these arguments: when the first names a command, only that command's
     * part of the tree is built (all of it costs a one-shot command a tenth of a second at start);
     * otherwise, as for {@code warden help} or a mistyped command, all of it.
     */
    static CommandLine commandLine(String... args) {
        String first = args.length == 0 ? null : args[0];
        boolean one = first != null && !first.equals("help") && COMMANDS.stream().anyMatch(c -> name(c).equals(first));
        CommandLine cli = new CommandLine(new WardenCommand());
        COMMANDS.stream().filter(c -> !one || name(c).equals(first)).forEach(cli::addSubcommand);
        return cli;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
