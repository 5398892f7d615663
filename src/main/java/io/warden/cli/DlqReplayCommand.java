package io.warden.cli;

import io.warden.WardenException;
import io.warden.kafka.RecordText;
import io.warden.runbook.dlq.ReplayFilter;
import io.warden.runbook.dlq.ReplayPlan;
import io.warden.runbook.dlq.ReplayResult;
import io.warden.runbook.dlq.ReplayService;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send DLQ records back to their original topic, exactly once.",
            "Prints the plan and changes nothing unless --execute.",
            "Keys, values and headers are copied byte for byte, minus the error headers,",
            "plus warden-replayed-from (dlq-partition@offset) and warden-replay-id.",
            "Records go to their original partition unless --partition-by key. Each batch",
            "and the DLQ offsets it came from commit in one transaction (progress group",
            "warden-replay-TOPIC), so an interrupted replay resumes without duplicates",
            "for read_committed consumers. Filters are regular expressions matching the",
            "whole value, and a time range.",
            "A record's original topic comes from its headers, which anyone who can write",
            "to the DLQ writes: without --to, records are never sent into a topic that",
            "holds another system's state (__*, Connect's storage, _schemas, Streams'",
            "changelogs, MirrorMaker 2's topics, compacted topics), and records naming",
            "more than one topic need --allow-topics. The plan lists every target topic",
            "first, with its records and verdict, and is printed before --execute acts."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dlq replay orders.DLT -b kafka1:9092              # the plan",
            "  warden dlq replay orders.DLT -b kafka1:9092 --execute",
            "  warden dlq replay orders.DLT --error-class 'java\\.net\\..*' --since 2h --execute",
            "  warden dlq replay orders.DLT --header tenant=acme --to orders-retry --execute",
            "  warden dlq replay app.DLT --allow-topics 'orders|payments' --execute"})
final class DlqReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection;
    @Parameters(paramLabel = "TOPIC", description = "The dead-letter topic.")
    String topic;
    @Option(names = "--to", paramLabel = "TOPIC", description = {"Send every record here instead of its original topic. "
        + "The only way to replay into a topic that holds another system's state."})
    String to;
    @Option(names = "--allow-topics", paramLabel = "REGEX", description = {"The original topics records may go back to "
        + "(whole name); records naming others stay in the DLQ. Needed when the records name more than one topic."})
    String allowTopics;
    @Option(names = "--partition-by", paramLabel = "original|key", defaultValue = "original",
            description = "original: the record's original partition (default); key: by the key.")
    String partitionBy;
    @Option(names = "--error-class", paramLabel = "REGEX", description = "Only records whose error class (or --error-header) matches.")
    String errorClass;
    @Option(names = "--header", paramLabel = "NAME=REGEX", description = "Only records with this header matching (repeatable).")
    Map<String, String> headers = new LinkedHashMap<>();
    @Option(names = "--key", paramLabel = "REGEX", description = "Only records whose key matches.")
    String key;
    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Only records that reached the DLQ at or after TIME (ISO-8601, or a duration ago: 2h).")
    Instant since;
    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class, description = "Only records before TIME.")
    Instant until;
    @Option(names = "--error-header", paramLabel = "HEADER", description = "A header naming the error; stripped like the others.")
    String errorHeader;
    @Option(names = "--progress-group", paramLabel = "GROUP", description = "Where progress is kept (default: warden-replay-TOPIC).")
    String progressGroup;
    @Option(names = "--max-records", paramLabel = "N", description = "Replay at most N records in this run; run again to continue.")
    Long maxRecords;
    @Option(names = "--keep-timestamp", description = "Keep the original timestamp (Spring's header, else the DLQ record's).")
    boolean keepTimestamp;
    @Option(names = "--transaction-size", paramLabel = "N", defaultValue = "500", description = "Records per transaction (default: ${DEFAULT-VALUE}).")
    int transactionSize;
    @Mixin
    ExecuteOptions change;

    @Override
    public Integer call() {
        if (!partitionBy.equals("original") && !partitionBy.equals("key")) {
            throw new WardenException(WardenException.USAGE, "--partition-by is 'original' or 'key', not '" + partitionBy + "'");
        }
        Require.atLeast("--transaction-size", transactionSize, 1);
        Require.atLeast("--max-records", maxRecords, 1);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new WardenException(WardenException.USAGE, "--since " + since + " is not before --until " + until
                    + ": no record could match");
        }
        Map<String, Pattern> headerPatterns = new LinkedHashMap<>();
        headers.forEach((k, v) -> headerPatterns.put(k, RegexOption.compile("--header " + k, v)));
        ReplayFilter filter = new ReplayFilter(RegexOption.compile("--error-class", errorClass), headerPatterns, RegexOption.compile("--key", key), since, until);
        var options = new ReplayService.Options(to, RegexOption.compile("--allow-topics", allowTopics), partitionBy.equals("key"),
                filter, errorHeader, progressGroup, maxRecords == null ? Long.MAX_VALUE : maxRecords, keepTimestamp, transactionSize);
        Clock clock = Clock.systemUTC();
        ReplayService service = new ReplayService(connection.settings(), clock);
        PrintWriter out = spec.commandLine().getOut();
        try (var audit = CommandAudit.open(change.execute, change.config(), clock, connection.settings().bootstrapServers())) {
            return change.execute ? replay(service, options, filter, audit, clock, out) : plan(service, options, out);
        }
    }

    private int plan(ReplayService service, ReplayService.Options options, PrintWriter out) {
        ReplayPlan plan = service.plan(topic, options);
        if (change.output == Output.json) {
            Output.printJson(out, plan);
        } else {
            printPlan(out, plan);
            out.println(plan.problems().isEmpty() ? "Nothing was changed; add --execute to replay."
                    : "Nothing was changed; fix the problems first.");
            out.flush();
        }
        return plan.problems().isEmpty() ? 0 : WardenException.USAGE;
    }

    private int replay(ReplayService service, ReplayService.Options options, ReplayFilter filter, CommandAudit audit,
                       Clock clock, PrintWriter out) {
        ProgressMeter progress = ProgressMeter.onStderr("replay", spec.commandLine().getErr(), clock);
        ReplayResult result = service.replay(topic, options, new ReplayService.Listener() {
            @Override
            public void planned(ReplayPlan plan) {
                if (change.output != Output.json) {
                    printPlan(out, plan);
                }
            }

            @Override
            public void replayed(long done, long total) {
                progress.at(done, total, 0);
            }
        });
        progress.finish();
        if (change.output == Output.json) {
            Output.printJson(out, result);
        } else {
            out.printf("Replayed %,d records from %s (replay %s, %d transactions, %,d skipped)%s%n", result.replayed(), topic,
                    result.replayId(), result.transactions(), result.skipped(),
                    result.complete() ? "" : "; --max-records reached, run again to continue");
            printTargets(out, result.targets());
            out.printf("Progress committed in group %s; 'warden dlq purge %s --replayed' deletes what was replayed.%n",
                    result.group(), topic);
            out.flush();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("replayId", result.replayId());
        data.put("progressGroup", result.group());
        data.put("replayed", result.replayed());
        data.put("skipped", result.skipped());
        data.put("complete", result.complete());
        data.put("filter", filter.describe());
        data.put("targets", result.targets().stream().map(t -> t.topic() + (t.partition() == null ? "" : "-" + t.partition())
                + "=" + t.records()).toList());
        audit.record("dlq.replay", topic, data, String.format("%,d records of %s WERE replayed (replay %s)",
                result.replayed(), topic, result.replayId()));
        return 0;
    }

    /** The plan, every topic the records would go to first; the caller says what happens next. */
    static void printPlan(PrintWriter out, ReplayPlan plan) {
        out.printf("Plan: replay %,d records from %s (filter: %s; progress group %s)%n", plan.matching(), plan.topic(),
                plan.filter(), RecordText.escape(plan.group()));
        Table topics = new Table("TARGET-TOPIC", "RECORDS", "VERDICT", "WHY");
        plan.topics().forEach(t -> topics.row(RecordText.escape(t.topic()), t.records(), t.verdict(), t.why()));
        if (!topics.isEmpty()) {
            topics.print(out, "  ");
        }
        Table ranges = new Table("DLQ-PARTITION", "FROM-OFFSET", "TO-OFFSET");
        plan.ranges().forEach(r -> ranges.row(r.partition(), r.from(), r.to()));
        ranges.print(out, "  ");
        if (!plan.targets().isEmpty()) {
            printTargets(out, plan.targets());
        }
        if (plan.skippedByFilter() > 0) {
            out.printf("%,d records do not match the filter: they stay in the DLQ, and the progress moves past them.%n",
                    plan.skippedByFilter());
        }
        if (plan.withoutTarget() > 0) {
            out.printf("%,d records name no original topic: pass --to TOPIC to replay them.%n", plan.withoutTarget());
        }
        if (plan.capped()) {
            out.println("--max-records stops this run before the end of the DLQ.");
        }
        plan.problems().forEach(p -> out.println("problem: " + p));
        out.flush();
    }

    private static void printTargets(PrintWriter out, java.util.List<ReplayPlan.Target> targets) {
        Table t = new Table("TARGET-TOPIC", "PARTITION", "RECORDS");
        targets.forEach(x -> t.row(RecordText.escape(x.topic()), x.partition() == null ? "by key" : x.partition(), x.records()));
        t.print(out, "  ");
    }
}
