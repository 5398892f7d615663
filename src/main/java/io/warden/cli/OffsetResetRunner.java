package io.warden.cli;

import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.runbook.groups.GroupOffsetsService;
import io.warden.runbook.groups.ResetMode;
import io.warden.runbook.groups.ResetPlan;
import io.warden.runbook.groups.ResetPlan.GroupReset;
import io.warden.runbook.groups.UndoFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code groups reset-offsets} and {@code groups import} share: print the plan; with execute,
 * let the service save the undo file, commit and audit, then print where the undo file is.
 */
final class OffsetResetRunner {

    private OffsetResetRunner() {
    }

    static int run(PrintWriter out, ConnectionOptions connection, Path config, List<String> groups,
                   GroupOffsetsService.Scope scope, ResetMode mode, boolean execute, Path undoFile, Output output) {
        Clock clock = Clock.systemUTC();
        UndoFiles.check(undoFile);
        try (var audit = CommandAudit.open(execute, config, clock, connection.settings().bootstrapServers());
             var kafka = KafkaConnection.open(connection.settings())) {
            var service = new GroupOffsetsService(kafka, clock);
            ResetPlan plan = service.planReset(groups, scope, mode);
            boolean apply = execute && !plan.blocked();
            List<Path> undoFiles = apply ? service.resetOffsets(plan, undoFile, audit) : List.of();
            print(out, output, plan, apply, undoFiles);
            if (plan.blocked()) {
                GroupReset g = plan.groups().stream().filter(x -> !x.activeMembers().isEmpty()).findFirst().orElseThrow();
                throw new WardenException(WardenException.USAGE, "cannot reset offsets of group '" + g.group() + "': it has "
                        + g.activeMembers().size() + " active member(s): " + g.activeMembers()
                        + "; stop its consumers first (Kafka refuses to change an active group's offsets)");
            }
            return 0;
        }
    }

    private static void print(PrintWriter out, Output output, ResetPlan plan, boolean applied, List<Path> undoFiles) {
        if (output == Output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mode", plan.mode());
            json.put("executed", applied);
            json.put("undoFiles", undoFiles.stream().map(Path::toString).toList());
            json.put("groups", plan.groups().stream().map(g -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("group", g.group());
                m.put("state", g.state());
                m.put("activeMembers", g.activeMembers());
                m.put("partitions", g.partitions().stream().map(p -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("topic", p.topic());
                    row.put("partition", p.partition());
                    row.put("current", p.current());
                    row.put("target", p.target());
                    row.put("logStart", p.logStart());
                    row.put("logEnd", p.logEnd());
                    row.put("lagBefore", p.lagBefore());
                    row.put("lagAfter", p.lagAfter());
                    return row;
                }).toList());
                return m;
            }).toList());
            Output.printJson(out, json);
            return;
        }
        Table t = new Table("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET", "LAG-BEFORE", "LAG-AFTER");
        plan.groups().forEach(g -> g.partitions().forEach(p ->
                t.row(g.group(), p.topic(), p.partition(), p.current(), p.target(), p.lagBefore(), p.lagAfter())));
        out.println("Reset plan (" + plan.mode() + "):");
        if (t.isEmpty()) {
            out.println("  no partitions to reset");
        } else {
            t.print(out, "  ");
        }
        if (applied) {
            // one file per group needs --group to restore; one file for several groups has a group column
            boolean perGroup = undoFiles.size() == plan.groups().size();
            for (int i = 0; i < undoFiles.size(); i++) {
                String group = perGroup ? " --group " + plan.groups().get(i).group() : "";
                out.println("Previous offsets saved to " + undoFiles.get(i) + " (undo: warden groups import --from-file "
                        + undoFiles.get(i) + group + " --execute)");
            }
            long fresh = plan.groups().stream().flatMap(g -> g.partitions().stream()).filter(p -> p.current() == null).count();
            if (fresh > 0) {
                out.println("Note: " + fresh + " partition(s) had no committed offset before; the undo file cannot"
                        + " take those back (kafka-consumer-groups --delete-offsets can).");
            }
            out.println("Offsets committed.");
        } else if (!plan.blocked()) {
            out.println("Dry run: nothing changed. Add --execute to commit these offsets.");
        }
        out.flush();
    }
}
