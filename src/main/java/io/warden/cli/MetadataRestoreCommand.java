package io.warden.cli;

import io.warden.kafka.KafkaConnection;
import io.warden.protect.metadata.MetadataBackup;
import io.warden.protect.metadata.MetadataBackupService;
import io.warden.protect.metadata.RestorePlan;
import io.warden.protect.metadata.RestoreResult;
import io.warden.protect.metadata.RestoreService;
import io.warden.protect.metadata.RestoreStep;
import java.io.PrintWriter;
import java.nio.file.Path;
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

@Command(name = "metadata", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create what a metadata backup has and the cluster lacks: topics with their partitions, RF "
            + "and configs, ACLs, group offsets (only for groups without active members; share groups' start offsets too; "
            + "a streams group's offsets only once its application has created the group), Schema Registry subjects and "
            + "versions (with their compatibility), connectors. What differs is shown, never overwritten. Without "
            + "--execute only the plan is printed; executed steps are audited. Connector credentials are never "
            + "printed: a differing one shows as changed.",
            "", "Exit code: 0 nothing to do, 1 only differences to look at, 2 steps to run (plan) or a step failed (--execute)."})
final class MetadataRestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "FILE", description = "A file written by backup metadata.")
    Path file;

    @Option(names = "--connect-url", paramLabel = "URL", description = "The Kafka Connect worker to create connectors in (repeatable).")
    List<String> connectUrls = List.of();

    @Mixin
    SchemaRegistryOptions schemaRegistry;

    @Mixin
    ExecuteOptions change;

    @Override
    public Integer call() {
        MetadataBackup backup = MetadataBackupService.load(file); // a bad file fails before connecting
        var registry = schemaRegistry.client(connection.settings().timeout(), change.config());
        var connect = MetadataBackupCommand.connect(connectUrls, connection);
        try (var audit = CommandAudit.open(change.execute, change.config(), Clock.systemUTC(), connection.settings().bootstrapServers());
             var kafka = KafkaConnection.open(connection.settings())) {
            RestoreService service = new RestoreService(kafka, connect, registry, Clock.systemUTC());
            RestorePlan plan = service.plan(backup);
            PrintWriter out = spec.commandLine().getOut();
            if (!change.execute) {
                if (change.output == Output.json) {
                    Output.printJson(out, Map.of("executed", false, "exitCode", plan.exitCode(), "steps", plan.steps().stream().map(MetadataRestoreCommand::json).toList()));
                } else {
                    printPlan(out, plan);
                    if (!plan.changes().isEmpty()) {
                        out.println("Nothing was changed. Run again with --execute to make these changes.");
                    }
                }
                return plan.exitCode();
            }
            List<RestoreResult> results = service.execute(plan);
            if (change.output == Output.json) {
                Output.printJson(out, Map.of("executed", true,
                        "results", results.stream().map(r -> Map.of("step", json(r.step()), "ok", r.ok(), "result", r.message())).toList(),
                        "notApplied", plan.reports().stream().map(MetadataRestoreCommand::json).toList()));
            } else {
                if (results.isEmpty()) {
                    out.println("Nothing to restore.");
                } else {
                    Table t = new Table("STEP", "RESULT");
                    results.forEach(r -> t.row(r.step().summary(), r.ok() ? "ok" : "FAILED: " + r.message()));
                    t.print(out, "");
                }
                plan.reports().forEach(s -> out.println(s.kind().name().toLowerCase() + ": " + s.summary()));
            }
            out.flush();
            for (RestoreResult r : results) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("command", "restore metadata");
                data.put("file", file.toString());
                data.put("action", r.step().kind().name());
                data.put("change", r.step().summary());
                data.put("ok", r.ok());
                data.put("result", r.message());
                audit.record("restore.metadata", r.step().subject(), data, r.ok() ? r.step().summary() + " WAS done" : null);
            }
            if (!results.stream().allMatch(RestoreResult::ok)) {
                return 2;
            }
            return plan.reports().isEmpty() ? 0 : 1;
        }
    }

    private static void printPlan(PrintWriter out, RestorePlan plan) {
        if (plan.steps().isEmpty()) {
            out.println("Nothing to restore: the cluster has everything the backup has.");
            return;
        }
        Table t = new Table("ACTION", "STEP");
        plan.steps().forEach(s -> t.row(s.kind(), s.summary()));
        t.print(out, "");
    }

    private static Map<String, Object> json(RestoreStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", s.kind());
        m.put("subject", s.subject());
        m.put("summary", s.summary());
        return m;
    }
}
