package io.warden.cli;

import io.warden.kafka.RecordText;
import io.warden.runbook.dlq.DlqInspection;
import io.warden.runbook.dlq.InspectService;
import io.warden.watch.Humanize;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead-letter queues: why records failed; replay them; purge what was replayed.",
        subcommands = {DlqCommand.Inspect.class, DlqReplayCommand.class, DlqPurgeCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dlq inspect orders.DLT -b kafka1:9092",
            "  warden dlq replay orders.DLT -b kafka1:9092 --since 2h           # the plan",
            "  warden dlq replay orders.DLT -b kafka1:9092 --since 2h --execute",
            "  warden dlq purge orders.DLT -b kafka1:9092 --replayed --execute"})
final class DlqCommand {

    @Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"What a dead-letter topic holds: depth, age, records by error, a sample.",
                "Errors come from Spring Kafka's kafka_dlt-* headers, Kafka Connect's",
                "__connect.errors.* headers or --error-header. Keys and values print as text",
                "when printable, else as hex or base64."},
            footerHeading = "%nExamples:%n",
            footer = {"  warden dlq inspect orders.DLT -b kafka1:9092 --sample 10",
                "  warden dlq inspect dlq-sink -b kafka1:9092 --error-header x-error -o json"})
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConnectionOptions connection;
        @Parameters(paramLabel = "TOPIC", description = "The dead-letter topic.")
        String topic;
        @Option(names = "--sample", paramLabel = "N", defaultValue = "5", description = "Records to show (default: ${DEFAULT-VALUE}).")
        int sample;
        @Option(names = "--error-header", paramLabel = "HEADER", description = "A header naming the error, used before the Spring and Connect ones.")
        String errorHeader;
        @Option(names = "--max-records", paramLabel = "N", defaultValue = "100000",
                description = "Read at most N records (default: ${DEFAULT-VALUE}).")
        long maxRecords;
        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;

        @Override
        public Integer call() {
            Require.atLeast("--sample", sample, 0);
            Require.atLeast("--max-records", maxRecords, 1);
            Clock clock = Clock.systemUTC();
            DlqInspection result = new InspectService(connection.settings(), clock)
                    .inspect(topic, new InspectService.Options(sample, errorHeader, maxRecords, 200));
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) {
                Output.printJson(out, result);
            } else {
                print(out, result);
            }
            return 0;
        }

        static void print(PrintWriter out, DlqInspection r) {
            out.printf("DLQ %s  depth=%,d  partitions=%d  oldest=%s  newest=%s%n", r.topic(), r.depth(),
                    r.partitions().size(), age(r.oldest(), r.takenAt()), age(r.newest(), r.takenAt()));
            Table parts = new Table("PARTITION", "START-OFFSET", "END-OFFSET", "DEPTH");
            r.partitions().forEach(p -> parts.row(p.partition(), p.startOffset(), p.endOffset(), p.depth()));
            parts.print(out, "  ");
            out.println();
            out.printf("ERRORS  (%,d records read%s)%n", r.recordsRead(),
                    r.capped() ? "; the --max-records cap was hit, counts cover only these" : "");
            if (r.errors().isEmpty()) {
                out.println("  none: the topic is empty");
            } else {
                Table errors = new Table("COUNT", "ERROR", "SOURCE", "FIRST-SEEN", "LAST-SEEN", "ORIGINAL-TOPICS", "EXAMPLE-MESSAGE");
                r.errors().forEach(g -> errors.row(g.count(), g.error(), g.source(), g.firstSeen(), g.lastSeen(),
                        g.originalTopics().isEmpty() ? null : String.join(",", g.originalTopics()), cut(g.exampleMessage(), 80)));
                errors.print(out, "  ");
            }
            if (!r.sample().isEmpty()) {
                out.println();
                out.println("SAMPLE");
                for (DlqInspection.SampleRecord s : r.sample()) {
                    var dl = s.deadLetter();
                    out.printf("  %s-%d@%d  %s  error=%s%s%n", r.topic(), s.partition(), s.offset(), s.timestamp(),
                            dl.errorClass() == null ? "-" : dl.errorClass(),
                            dl.originalTopic() == null ? "" : "  from=" + dl.originalTopic() + "-" + dl.originalPartition()
                                    + "@" + dl.originalOffset());
                    if (dl.errorMessage() != null) {
                        out.printf("    message: %s%n", cut(dl.errorMessage(), 200));
                    }
                    out.printf("    key:     %s%n", s.key() == null ? "(null)" : s.key());
                    out.printf("    value:   %s%n", s.value() == null ? "(null)" : s.value());
                }
            }
            out.flush();
        }

        private static String age(Instant t, Instant now) {
            if (t == null) {
                return "-";
            }
            return t + " (" + Humanize.duration(Math.max(0, Duration.between(t, now).toMillis() / 1000.0)) + " ago)";
        }
    }

    /** A single line of at most {@code max} characters; the text is already safe, but may be long. */
    static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        String line = RecordText.escape(s);
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }
}
