package io.warden.cli;

import io.warden.dr.ReplicationService;
import io.warden.dr.ReplicationStatus;
import io.warden.dr.ReplicationStatus.CheckpointAge;
import io.warden.dr.ReplicationStatus.MirrorConnector;
import io.warden.dr.ReplicationStatus.PartitionReplication;
import io.warden.dr.ReplicationStatus.TierRpo;
import io.warden.dr.ReplicationStatus.TopicReplication;
import io.warden.kafka.RecordText;
import io.warden.watch.Severity;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replication health of a MirrorMaker 2 pair against each tier's RPO.",
            "Per replicated topic and partition: the source's log end, the replica's, and",
            "the lag. Lag in records is source end - reached, where reached (the source",
            "offset the replica has reached) = upstream + (replica end - downstream) from",
            "MirrorMaker's newest offset-sync of the partition, bounded to [0, source end].",
            "Lag in seconds is the age of the oldest source record not yet on DR (0 when",
            "caught up). Also: the newest heartbeat's age, each group's checkpoint age,",
            "topics of the filter without a replica, replicas whose partition count or",
            "retention (retention.ms, retention.bytes, cleanup.policy) differs, and",
            "MirrorMaker's connectors and tasks with --target-connect-url (or the DR",
            "cluster's connect:). A tier's RPO estimate is its worst lag in seconds, at",
            "least the heartbeat's age when heartbeats are stale (older than",
            "heartbeat-max-age, 1m).",
            "Only reads; the ACLs it needs on both clusters are in docs/permissions.md.",
            "Exit 0 every tier within its RPO; 1 warning (missing or mismatched replica,",
            "stale checkpoint); 2 a tier breaches its RPO or replication stopped (stale",
            "heartbeat, FAILED connector or task); 3 a cluster cannot be read."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dr status --source-bootstrap-server primary1:9092 --target-bootstrap-server dr1:9092",
            "  warden dr status --config /etc/warden/warden.yaml --output json",
            "  warden dr status --config warden.yaml --target-connect-url http://dr-connect:8083   # for cron/Nagios"})
final class DrStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DrOptions pair;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        var p = pair.pair();
        ReplicationStatus status;
        try (var service = new ReplicationService()) {
            status = service.status(p, Clock.systemUTC());
        }
        Severity severity = status.severity();
        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("severity", severity);
            json.put("status", status);
            json.put("missing", status.missing().stream().map(TopicReplication::topic).toList());
            json.put("mismatched", status.mismatched().stream().map(TopicReplication::topic).toList());
            json.put("stopped", status.stopped());
            Output.printJson(out, json);
        } else {
            print(out, status, severity);
        }
        return severity.exitCode();
    }

    static void print(PrintWriter out, ReplicationStatus s, Severity severity) {
        out.println("REPLICATION " + e(s.source()) + " -> " + e(s.target()) + " at " + s.takenAt() + ": " + severity);
        s.unreadable().forEach(u -> out.println("  cannot read: " + e(u)));
        if (!s.unreadable().isEmpty()) {
            out.flush();
            return;
        }
        Table topics = new Table("TOPIC", "PARTITION", "TIER", "REPLICA", "SOURCE-END", "REPLICA-END", "REACHED", "LAG",
                "LAG-SECONDS", "OFFSET-SYNC");
        for (TopicReplication t : s.topics()) {
            for (PartitionReplication p : t.partitions()) {
                topics.row(t.topic(), p.partition(), t.tier(), t.replicaExists() ? t.replica() : "MISSING", p.sourceEnd(),
                        p.replicaEnd() < 0 ? null : p.replicaEnd(), p.reached(), p.lagRecords(),
                        LagCommand.seconds(p.lagSeconds(), false),
                        p.syncUpstream() == null ? null : p.syncUpstream() + "->" + p.syncDownstream());
            }
        }
        if (topics.isEmpty()) {
            out.println("  no source topic matches the pair's topic filter");
        } else {
            topics.print(out, "  ");
        }
        out.println("  (" + ReplicationStatus.DERIVATION + ")");
        for (TopicReplication t : s.missing()) {
            out.println("  missing replica: " + e(t.topic()) + " has no " + e(t.replica()) + " on " + e(s.target()));
        }
        for (TopicReplication t : s.mismatched()) {
            String diff = t.differences().stream().map(d -> d.name() + " " + e(d.source()) + " vs " + e(d.replica()))
                    .collect(Collectors.joining(", "));
            out.println("  mismatched replica: " + e(t.replica()) + " has " + t.replicaPartitions() + " partitions (source "
                    + t.sourcePartitions() + ")" + (diff.isEmpty() ? "" : "; " + diff));
        }
        var hb = s.heartbeat();
        out.println("  heartbeat: " + (!hb.topicExists() ? "no heartbeats topic on " + e(s.target())
                : hb.newest() == null ? (hb.stale() ? "none of this flow" : "unknown (see the warnings)")
                : LagCommand.seconds(hb.ageSeconds(), false) + " s old")
                + (hb.stale() ? " (STALE: replication stopped)" : ""));
        if (!s.checkpoints().isEmpty()) {
            Table groups = new Table("GROUP", "CHECKPOINT-AGE-SECONDS", "PARTITIONS-BEHIND", "STALE");
            for (CheckpointAge c : s.checkpoints()) {
                groups.row(c.group(), LagCommand.seconds(c.ageSeconds(), false), c.behind(), c.stale() ? "STALE" : "no");
            }
            groups.print(out, "  ");
        }
        if (!s.connectors().isEmpty()) {
            Table connectors = new Table("CONNECTOR", "CLASS", "STATE", "TASKS");
            for (MirrorConnector c : s.connectors()) {
                connectors.row(c.name(), c.connectorClass(), c.state(), c.tasks().isEmpty() ? "-"
                        : c.tasks().stream().map(Enum::name).collect(Collectors.joining(",")));
            }
            connectors.print(out, "  ");
        }
        s.warnings().forEach(w -> out.println("  warning: " + e(w)));
        StringBuilder line = new StringBuilder("RPO");
        for (TierRpo t : s.tiers()) {
            line.append(' ').append(e(t.tier())).append(": ").append(t.state()).append(" (")
                    .append(t.rpoSeconds() == null ? "?" : LagCommand.seconds(t.rpoSeconds(), false)).append(" s of ")
                    .append(LagCommand.seconds(t.targetSeconds(), false)).append(" s, ").append(e(t.basis())).append(");");
        }
        out.println(s.tiers().isEmpty() ? "RPO: no replicated topic" : line.substring(0, line.length() - 1));
        out.flush();
    }

    private static String e(String s) {
        return s == null ? "-" : RecordText.escape(s);
    }
}
