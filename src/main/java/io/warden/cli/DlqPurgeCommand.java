package io.warden.cli;

import io.warden.WardenException;
import io.warden.runbook.dlq.PurgePlan;
import io.warden.runbook.dlq.PurgeService;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "purge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete DLQ records that were replayed (Admin deleteRecords).",
            "Prints the plan and changes nothing unless --execute. --replayed deletes, per",
            "partition, what 'dlq replay' replayed; --up-to OFFSET never deletes past the",
            "replayed records either, unless --force."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dlq purge orders.DLT -b kafka1:9092 --replayed              # the plan",
            "  warden dlq purge orders.DLT -b kafka1:9092 --replayed --execute",
            "  warden dlq purge orders.DLT -b kafka1:9092 --up-to 5000 --force --execute"})
final class DlqPurgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection;
    @Parameters(paramLabel = "TOPIC", description = "The dead-letter topic.")
    String topic;
    @Option(names = "--up-to", paramLabel = "OFFSET", description = "Delete records before OFFSET in every partition.")
    Long upTo;
    @Option(names = "--replayed", description = "Delete the records the replay progress says were replayed.")
    boolean replayed;
    @Option(names = "--force", description = "Let --up-to delete records that were not replayed.")
    boolean force;
    @Option(names = "--progress-group", paramLabel = "GROUP", description = "The replay progress group (default: warden-replay-TOPIC).")
    String progressGroup;
    @Mixin
    ExecuteOptions change;

    @Override
    public Integer call() {
        if (upTo != null && upTo < 0) {
            throw new WardenException(WardenException.USAGE, "--up-to must be an offset, at least 0");
        }
        var options = new PurgeService.Options(upTo, replayed, force, progressGroup);
        var service = new PurgeService(connection.settings());
        try (var audit = CommandAudit.open(change.execute, change.config(), Clock.systemUTC(), connection.settings().bootstrapServers())) {
            PurgePlan plan = change.execute ? service.purge(topic, options) : service.plan(topic, options);
            PrintWriter out = spec.commandLine().getOut();
            if (change.output == Output.json) {
                Output.printJson(out, plan);
            } else {
                out.printf("%s %,d records from %s%n", plan.executed() ? "Deleted" : "Plan: delete", plan.records(), topic);
                Table t = new Table("PARTITION", "LOG-START", "LOG-END", "REPLAYED-UP-TO", "NEW-LOG-START", "RECORDS");
                plan.partitions().forEach(p -> t.row(p.partition(), p.logStart(), p.logEnd(), p.replayedUpTo(), p.purgeTo(), p.records()));
                t.print(out, "  ");
                plan.refused().forEach(r -> out.println("refused: " + r));
                if (!plan.executed()) {
                    out.println(plan.refused().isEmpty() ? "Nothing was changed; add --execute to delete." : "Nothing was changed.");
                }
                out.flush();
            }
            if (change.execute) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("records", plan.records());
                data.put("mode", replayed ? "replayed" : "up-to " + upTo + (force ? " (forced)" : ""));
                data.put("partitions", plan.partitions().stream().filter(p -> p.records() > 0)
                        .map(p -> p.partition() + ":" + p.logStart() + "-" + p.purgeTo()).toList());
                audit.record("dlq.purge", topic, data, String.format("%,d records of %s WERE deleted", plan.records(), topic));
            }
            return plan.refused().isEmpty() ? 0 : WardenException.USAGE;
        }
    }
}
