package io.warden.cli;

import io.warden.dr.FailbackPlan;
import io.warden.dr.FailbackService;
import io.warden.kafka.RecordText;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "failback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plans the way back from the DR cluster to the source after a failover: whether a reverse",
            "MirrorMaker flow (DR to source) runs, as its heartbeats and checkpoints on the source and its",
            "offset-syncs show; the DR topics the replication policy would mishandle on the way back (identity:",
            "a replica replicated back onto its original; default: a replica of a source topic, which MirrorMaker",
            "does not replicate back, e.g. dr.primary.orders); and where each group would continue on the source,",
            "from the reverse flow's checkpoints and the same exact-position comparison as failover.",
            "The same safeguards apply: --execute, groups empty on the source, undo file, audit record.",
            "Both clusters must answer."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dr failback --config /etc/warden/warden.yaml --all-groups",
            "  warden dr failback --config /etc/warden/warden.yaml --group billing --execute"})
final class DrFailbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DrOptions dr;

    @Mixin
    DrFailoverCommand.MoveOptions move;

    @Override
    public Integer call() {
        move.check();
        Clock clock = Clock.systemUTC();
        FailbackPlan plan = new FailbackService(clock).plan(dr.pair(), move.selection(), move.options());
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("reverseFlow", plan.flow());
        summary.put("collisions", plan.collisions());
        if (move.output == Output.table) {
            print(out, plan);
            summary = null;
        }
        return GroupMoveRunner.run(out, "failback", plan.groups(), summary, move.execute, move.undoFile, dr.config, move.output,
                clock);
    }

    private static void print(PrintWriter out, FailbackPlan plan) {
        var f = plan.flow();
        out.println("Reverse flow " + f.from() + " -> " + f.to() + ": " + switch (f.state()) {
            case "replicating" -> "replicating";
            case "stale" -> "set up, but its newest heartbeat is " + (f.heartbeat() == null ? "missing" : "from " + f.heartbeat());
            case "heartbeats-only" -> "none: only heartbeats (MirrorMaker emits them for a flow it does not replicate); enable "
                    + f.from() + "->" + f.to() + " in MirrorMaker";
            default -> "none: no heartbeats, checkpoints or offset-syncs of it; set up MirrorMaker " + f.from() + "->" + f.to();
        });
        out.println("  heartbeats " + RecordText.escape(f.heartbeatsTopic()) + " on " + f.to() + ": "
                + (f.heartbeat() == null ? "none" : "newest " + f.heartbeat() + (f.heartbeatFresh() ? "" : " (stale)")));
        out.println("  checkpoints " + RecordText.escape(f.checkpointsTopic()) + " on " + f.to() + ": "
                + (f.checkpoints() ? "present" : "missing"));
        out.println("  offset-syncs " + RecordText.escape(f.offsetSyncsTopic()) + ": " + (f.offsetSyncs() ? "present" : "missing"));
        if (plan.collisions().isEmpty()) {
            out.println("Topics: none that the replication policy would mishandle on the way back.");
        } else {
            Table t = new Table("DR-TOPIC", "WOULD-BE", "KIND", "WHAT-TO-DO");
            plan.collisions().forEach(c -> t.row(c.topic(), c.wouldBe(), c.kind(), c.advice()));
            out.println("Topics the replication policy would mishandle on the way back:");
            t.print(out, "  ");
        }
    }
}
