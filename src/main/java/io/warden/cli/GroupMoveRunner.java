package io.warden.cli;

import io.warden.dr.FailoverPlan;
import io.warden.dr.FailoverPlan.GroupMove;
import io.warden.dr.FailoverPlan.PartitionMove;
import io.warden.dr.FailoverService;
import io.warden.kafka.RecordText;
import io.warden.runbook.groups.UndoFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code dr failover} and {@code dr failback} share: print the groups' plan; with execute,
 * save the target's previous offsets to an undo file, commit, and write one audit record per group.
 */
final class GroupMoveRunner {

    private GroupMoveRunner() {
    }

    /**
     * @param verb    {@code failover} or {@code failback}, for the audit type and messages
     * @param summary what is printed before the table (the failback's flow and collisions), or null
     */
    static int run(PrintWriter out, String verb, FailoverPlan plan, Map<String, Object> summary, boolean execute, Path undoFile,
                   Path config, Output output, Clock clock) {
        String target = plan.pair().target().name();
        try (var audit = CommandAudit.open(execute, config, clock, plan.pair().target().connection().bootstrapServers())) {
            List<Path> undoFiles = new ArrayList<>();
            boolean apply = execute && !plan.blocked();
            if (apply) {
                new FailoverService(clock).execute(plan, reset -> undoFiles.addAll(UndoFiles.save(reset, undoFile, clock)));
            }
            print(out, output, plan, summary, apply, undoFiles);
            if (plan.blocked()) {
                GroupMove g = plan.groups().stream().filter(x -> x.refused() != null).findFirst().orElseThrow();
                throw new io.warden.WardenException(io.warden.WardenException.USAGE, "cannot " + verb + " group '"
                        + RecordText.escape(g.group()) + "' to " + target + ": " + g.refused());
            }
            for (int i = 0; apply && i < plan.groups().size(); i++) {
                GroupMove g = plan.groups().get(i);
                Path undo = undoFiles.get(undoFiles.size() == 1 ? 0 : i);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("from", plan.pair().source().name());
                data.put("to", target);
                data.put("partitions", g.partitions().stream().filter(p -> p.position() != null).map(p -> Map.of(
                        "topic", p.replicaTopic(), "partition", p.partition(), "from", p.previous() == null ? "none" : p.previous(),
                        "to", p.position(), "method", p.method())).toList());
                data.put("avoided", g.avoided());
                data.put("undoFile", undo.toString());
                audit.record("dr." + verb, g.group(), data, "offsets of group " + g.group() + " on " + target
                        + " WERE committed (undo file " + undo + ")");
            }
            return 0;
        }
    }

    private static void print(PrintWriter out, Output output, FailoverPlan plan, Map<String, Object> summary, boolean applied,
                              List<Path> undoFiles) {
        if (output == Output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("from", plan.pair().source().name());
            json.put("to", plan.pair().target().name());
            if (summary != null) {
                json.putAll(summary);
            }
            json.put("committedOffsetsFrom", plan.sourceProblem() == null ? "source" : "checkpoints");
            json.put("sourceProblem", plan.sourceProblem());
            json.put("maxCompare", plan.maxCompare());
            json.put("executed", applied);
            json.put("undoFiles", undoFiles.stream().map(Path::toString).toList());
            json.put("avoided", plan.avoided());
            json.put("groups", plan.groups().stream().map(GroupMoveRunner::json).toList());
            Output.printJson(out, json);
            return;
        }
        String from = plan.pair().source().name();
        String to = plan.pair().target().name();
        out.println("Groups from " + from + " to " + to + ": committed offsets read from " + (plan.sourceProblem() == null
                ? from : "MirrorMaker's checkpoints (" + RecordText.escape(plan.sourceProblem()) + "); no position can be"
                + " proved exact"));
        Table t = new Table("GROUP", "TOPIC", "PARTITION", "COMMITTED", "FROM", "TRANSLATION", "EXACT", "POSITION",
                "ON", "RE-READ", "AVOIDED");
        List<String> notes = new ArrayList<>();
        for (GroupMove g : plan.groups()) {
            for (PartitionMove p : g.partitions()) {
                t.row(g.group(), p.topic(), p.partition(), p.committed(), p.committedFrom(), p.translation(), p.exact(),
                        p.position(), p.replicaTopic(), p.reprocessed() == null ? "?" : p.reprocessed(), p.avoided());
                if (p.note() != null) {
                    notes.add(RecordText.escape(g.group()) + " " + RecordText.escape(p.topic()) + "-" + p.partition() + ": "
                            + (p.position() != null ? "translation kept: " : "") + RecordText.escape(p.note()));
                }
            }
        }
        if (t.isEmpty()) {
            out.println("  no groups to move" + (plan.groups().isEmpty() ? ": MirrorMaker has checkpointed none" : ""));
        } else {
            t.print(out, "  ");
        }
        notes.forEach(n -> out.println("  note " + n));
        for (GroupMove g : plan.groups()) {
            out.println("Group " + RecordText.escape(g.group()) + " on " + to + ": " + g.state().toLowerCase(java.util.Locale.ROOT)
                    + (g.refused() != null ? "; REFUSED: " + RecordText.escape(g.refused())
                    : "; reprocessing avoided: " + g.avoided() + " record(s)"));
        }
        out.println("Reprocessing avoided in total: " + plan.avoided() + " record(s) (MirrorMaker's translation would re-read"
                + " them; RE-READ ? means no exact position was proved)");
        if (applied) {
            boolean perGroup = undoFiles.size() == plan.groups().size();
            for (int i = 0; i < undoFiles.size(); i++) {
                String group = perGroup ? " --group " + RecordText.escape(plan.groups().get(i).group()) : "";
                out.println("Previous offsets on " + to + " saved to " + undoFiles.get(i) + " (undo: warden groups import"
                        + " --bootstrap-server " + plan.pair().target().connection().bootstrapServers() + " --from-file "
                        + undoFiles.get(i) + group + " --execute)");
            }
            out.println("Offsets committed on " + to + ".");
        } else if (!plan.blocked()) {
            out.println("Dry run: nothing changed. Add --execute to commit these positions on " + to + ".");
        }
        out.flush();
    }

    private static Map<String, Object> json(GroupMove g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", g.group());
        m.put("type", g.type());
        m.put("state", g.state());
        m.put("activeMembers", g.members());
        m.put("refused", g.refused());
        m.put("avoided", g.avoided());
        m.put("partitions", g.partitions().stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("topic", p.topic());
            row.put("partition", p.partition());
            row.put("replicaTopic", p.replicaTopic());
            row.put("committed", p.committed());
            row.put("committedFrom", p.committedFrom());
            row.put("translation", p.translation());
            row.put("exact", p.exact());
            row.put("position", p.position());
            row.put("method", p.method());
            row.put("previous", p.previous());
            row.put("reprocessed", p.reprocessed());
            row.put("avoided", p.avoided());
            row.put("compareBounded", p.bounded());
            row.put("note", p.note());
            return row;
        }).toList());
        return m;
    }
}
