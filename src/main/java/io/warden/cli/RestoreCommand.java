package io.warden.cli;

import io.warden.WardenException;
import io.warden.protect.BackupStore;
import io.warden.protect.RestoreService;
import io.warden.protect.RestoredGroupOffset;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Produce a backup's records back into a cluster, each to its original partition with its key, "
            + "value, headers and timestamp.",
            "Verifies the backup first and refuses a damaged one. Missing topics are created with the backed-up "
            + "partitions and configs. Prints the plan and changes nothing unless --execute. Records and progress "
            + "commit together in transactions (group warden-restore-HASH), so an interrupted restore resumes "
            + "without duplicates or loss. The consumer groups in the backup are moved to the same records in the "
            + "restored data once a partition is restored, unless they have members or offsets of their own there.",
            "Records keep their timestamps: the plan counts those older than the target's time retention (deleted at "
            + "the broker's next retention check), and --execute refuses them until --retention-ms or --allow-expired "
            + "says what to do.",
            "A backup in object storage is named s3://BUCKET/PREFIX (options --s3-endpoint, --s3-region, --s3-path-style;"
            + " credentials from the AWS SDK's default chain only).",
            "'warden restore metadata FILE' restores topic configs, ACLs, group offsets and connectors."},
        subcommands = {MetadataRestoreCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden restore /backups/orders -b kafka2:9092                  # the plan",
            "  warden restore /backups/orders -b kafka2:9092 --rename orders=orders-restored --execute",
            "  warden restore /backups/2024-05-01 -b kafka2:9092 --retention-ms -1 --execute   # keep old records",
            "  warden restore s3://backups/kafka/orders-2024-05-01 -b kafka2:9092 --execute",
            "  warden restore metadata metadata.json -b kafka2:9092 --execute"})
final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection;
    // optional for picocli so that 'restore metadata FILE' parses; required below for a data restore
    @Parameters(paramLabel = "DIR|s3://BUCKET/PREFIX", arity = "0..1", description = "The backup directory, or its prefix in an S3 bucket.")
    String dir;
    @Mixin
    S3Options s3;
    @Option(names = "--topics", paramLabel = "REGEX", description = "Only backed-up topics whose whole name matches.")
    String topics;
    @Option(names = "--rename", paramLabel = "FROM=TO", description = "Restore topic FROM into topic TO (repeatable).")
    Map<String, String> rename = new LinkedHashMap<>();
    @Option(names = "--transaction-size", paramLabel = "N",
            description = "Records per transaction at most (default: no count); a transaction ends at 1 GiB or after 30 s.")
    Integer transactionSize;
    @Option(names = "--max-records", paramLabel = "N", description = "Stop after about N records (whole transactions); run again to continue.")
    Long maxRecords;
    @Option(names = "--no-group-offsets", description = "Do not set the backed-up consumer groups' offsets.")
    boolean noGroupOffsets;
    @Option(names = "--retention-ms", paramLabel = "N", description = {"Create the missing topics with retention.ms N (-1: records",
        "are never deleted by age) instead of the backed-up config or the broker's default, so that old records",
        "are not deleted at the broker's next retention check."})
    Long retentionMs;
    @Option(names = "--allow-expired", description = {"Restore records older than the target's time retention anyway: the broker",
        "deletes them at its next retention check."})
    boolean allowExpired;
    @Option(names = "--dry-run", description = "Print the plan only (the default).")
    boolean dryRun;
    @Mixin
    ExecuteOptions change;

    @Override
    public Integer call() {
        if (dir == null) {
            throw new WardenException(WardenException.USAGE, "name the backup directory: warden restore DIR -b HOST:PORT "
                    + "(or 'warden restore metadata FILE' for a metadata backup)");
        }
        if (dryRun && change.execute) {
            throw new WardenException(WardenException.USAGE, "--dry-run and --execute exclude each other");
        }
        Require.atLeast("--transaction-size", transactionSize, 1);
        Require.atLeast("--max-records", maxRecords, 1);
        if (retentionMs != null && retentionMs < 1 && retentionMs != -1) {
            throw new WardenException(WardenException.USAGE, "--retention-ms " + retentionMs + ": give milliseconds (at least 1), or -1 to"
                    + " keep records of any age");
        }
        var options = new RestoreService.Options(BackupCommand.regex(topics), rename,
                transactionSize == null ? Integer.MAX_VALUE : transactionSize,
                maxRecords == null ? Long.MAX_VALUE : maxRecords, !noGroupOffsets, retentionMs, allowExpired);
        Clock clock = Clock.systemUTC();
        RestoreService service = new RestoreService(connection.settings(), clock);
        PrintWriter out = spec.commandLine().getOut();
        // the audit trail is opened before anything is restored: a config that does not load stops us first
        try (CommandAudit audit = CommandAudit.open(change.execute, change.config(), clock, connection.settings().bootstrapServers());
             BackupStore store = s3.store(dir)) {
            return change.execute ? restore(service, store, options, audit, clock, out) : plan(service, store, options, out);
        }
    }

    private int plan(RestoreService service, BackupStore store, RestoreService.Options options, PrintWriter out) {
        RestoreService.Plan plan = service.plan(store, options);
        if (change.output == Output.json) {
            Output.printJson(out, plan);
        } else {
            printPlan(out, plan, true);
            out.println(plan.problems().isEmpty() ? "Nothing was changed; add --execute to restore." : "Nothing was changed; fix the problems first.");
            out.flush();
        }
        return plan.problems().isEmpty() ? 0 : WardenException.USAGE;
    }

    private int restore(RestoreService service, BackupStore store, RestoreService.Options options, CommandAudit audit, Clock clock,
                        PrintWriter out) {
        ProgressMeter progress = ProgressMeter.onStderr("restore", spec.commandLine().getErr(), clock);
        RestoreService.Result r = service.restore(store, options, (done, total) -> progress.at(done, total, 0));
        progress.finish();
        int exit = r.groupOffsets().stream().anyMatch(g -> g.action() == RestoredGroupOffset.Action.FAILED) ? 2 : 0;
        if (change.output == Output.json) {
            Output.printJson(out, r);
        } else {
            printPlan(out, r.plan(), false);
            printGroupOffsets(out, r.groupOffsets(), "Group offsets:");
            out.printf("Restored %,d records in %d transactions (%,d restored before)%s; progress in group %s%n", r.restored(),
                    r.transactions(), r.alreadyRestored(), r.complete() ? "" : "; --max-records reached, run again to continue",
                    r.plan().progressGroup());
            out.flush();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("progressGroup", r.plan().progressGroup());
        data.put("restored", r.restored());
        data.put("alreadyRestored", r.alreadyRestored());
        data.put("complete", r.complete());
        data.put("topics", r.plan().topics().stream().map(t -> t.source() + "->" + t.target() + ":" + t.action()).toList());
        data.put("groupOffsets", r.groupOffsets().stream().map(g -> g.group() + "@" + g.topic() + "-" + g.partition() + ":"
                + g.action() + (g.offset() == null ? "" : "=" + g.offset())).toList());
        audit.record("restore.data", store.location(), data, String.format("%,d records of %s WERE restored (progress in group %s)",
                r.restored(), dir, r.plan().progressGroup()));
        return exit;
    }

    private static void printPlan(PrintWriter out, RestoreService.Plan plan, boolean withGroups) {
        out.printf("Restore plan for %s: %,d records (progress group %s)%n", plan.dir(), plan.records(), plan.progressGroup());
        Table t = new Table("TOPIC", "TARGET", "PARTITIONS", "RECORDS", "PAST RETENTION", "ACTION", "REASON");
        plan.topics().forEach(p -> t.row(p.source(), p.target(), p.partitions(), p.records(), p.expired() == null ? "-" : p.expired(),
                p.action(), p.reason()));
        t.print(out, "  ");
        if (withGroups) {
            printGroupOffsets(out, plan.groupOffsets(), "Group offsets (the first restored record at or after the source offset):");
        }
        plan.warnings().forEach(w -> out.println("warning: " + w));
        plan.problems().forEach(p -> out.println("problem: " + p));
    }

    private static void printGroupOffsets(PrintWriter out, List<RestoredGroupOffset> offsets, String title) {
        if (offsets.isEmpty()) {
            return;
        }
        out.println(title);
        Table t = new Table("GROUP", "TARGET", "PARTITION", "SOURCE OFFSET", "OFFSET", "ACTION", "REASON");
        offsets.forEach(g -> t.row(g.group(), g.topic(), g.partition(), g.sourceOffset(), g.offset() == null ? "-" : g.offset(),
                g.action().name().toLowerCase(), g.reason()));
        t.print(out, "  ");
    }
}
