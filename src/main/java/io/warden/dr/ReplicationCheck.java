package io.warden.dr;

import io.warden.dr.ReplicationStatus.CheckpointAge;
import io.warden.dr.ReplicationStatus.MirrorConnector;
import io.warden.dr.ReplicationStatus.PartitionReplication;
import io.warden.dr.ReplicationStatus.TierRpo;
import io.warden.dr.ReplicationStatus.TopicReplication;
import io.warden.kafka.RecordText;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.Check;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Replication health of the cluster's DR pair, from the snapshots' replication readings. Pure.
 * <ul>
 *   <li>{@code dr-replication-stalled/target=T} CRITICAL: a replica partition's end did not move
 *       between the last two readings although records the source held at the earlier one are
 *       still not on DR, or the newest heartbeat is older than heartbeat-max-age.</li>
 *   <li>{@code dr-rpo-breached/tier=T} CRITICAL: the tier's RPO estimate exceeds its target.</li>
 *   <li>{@code dr-replica-missing/topic=T} WARNING: a topic the filter covers has no replica on DR.</li>
 *   <li>{@code dr-replica-mismatch/topic=T} WARNING: partition count or retention differs on the replica.</li>
 *   <li>{@code dr-connector-failed/connector=N} CRITICAL: a MirrorMaker connector or task is FAILED.</li>
 *   <li>{@code dr-checkpoint-stale/group=G} WARNING: the group moved but its checkpoint did not follow.</li>
 *   <li>{@code dr-unreadable/target=T} UNKNOWN: a cluster of the pair could not be read.</li>
 * </ul>
 */
public final class ReplicationCheck implements Check {

    public static final String NAME = "dr-replication";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        if (history.isEmpty() || history.latest().replication() == null) {
            return List.of();
        }
        ReplicationStatus latest = history.latest().replication();
        ReplicationStatus previous = null;
        List<Snapshot> all = history.snapshots();
        for (int i = all.size() - 2; i >= 0 && previous == null; i--) {
            previous = all.get(i).replication();
        }
        return evaluate(previous, latest);
    }

    /** Findings of {@code latest}; {@code previous} (the reading a cycle before, or null) tells a stall. */
    public List<Finding> evaluate(ReplicationStatus previous, ReplicationStatus latest) {
        List<Finding> out = new ArrayList<>();
        String target = latest.target();
        if (!latest.unreadable().isEmpty()) {
            out.add(new Finding("dr-unreadable/target=" + target, "dr-unreadable", Severity.UNKNOWN, latest.unreadable().size(),
                    "replication to " + text(target) + " cannot be judged: " + text(String.join("; ", latest.unreadable())),
                    Map.of("target", target), Map.of("unreadable", latest.unreadable().stream().map(ReplicationCheck::text).toList())));
            return out;
        }
        List<String> stalled = stalled(previous, latest);
        if (!stalled.isEmpty() || latest.heartbeat().stale()) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("stalledPartitions", stalled.stream().limit(20).map(ReplicationCheck::text).toList());
            evidence.put("heartbeatAgeSeconds", latest.heartbeat().ageSeconds());
            evidence.put("heartbeatStale", latest.heartbeat().stale());
            String why = !stalled.isEmpty()
                    ? stalled.size() + " replica partition(s) did not move since the last cycle while older source records"
                        + " are still missing (e.g. " + text(stalled.get(0)) + ")"
                    : latest.heartbeat().ageSeconds() == null ? "no heartbeat of the flow on DR"
                    : String.format("newest heartbeat is %.0f s old", latest.heartbeat().ageSeconds());
            out.add(new Finding("dr-replication-stalled/target=" + target, "dr-replication-stalled", Severity.CRITICAL,
                    stalled.isEmpty() ? valueOr(latest.heartbeat().ageSeconds()) : stalled.size(),
                    "replication " + text(latest.source()) + " -> " + text(target) + " has stalled: " + why
                            + "; check MirrorMaker's process and connectors", Map.of("target", target), evidence));
        }
        for (TierRpo t : latest.tiers()) {
            if (t.breached()) {
                out.add(new Finding("dr-rpo-breached/tier=" + t.tier(), "dr-rpo-breached", Severity.CRITICAL, valueOr(t.rpoSeconds()),
                        String.format("tier %s: RPO estimate %.0f s exceeds its target %.0f s (%s)", text(t.tier()),
                                valueOr(t.rpoSeconds()), t.targetSeconds(), text(t.basis())),
                        Map.of("target", target, "tier", t.tier()),
                        Map.of("rpoSeconds", valueOr(t.rpoSeconds()), "targetSeconds", t.targetSeconds(), "basis", text(t.basis()))));
            }
        }
        for (TopicReplication t : latest.missing()) {
            out.add(new Finding("dr-replica-missing/topic=" + t.topic(), "dr-replica-missing", Severity.WARNING, t.lagRecords(),
                    "topic " + text(t.topic()) + " has no replica " + text(t.replica()) + " on " + text(target)
                            + ": add it to MirrorMaker's topics, or leave it out of dr.topics",
                    Map.of("target", target, "topic", t.topic()), Map.of("replica", text(t.replica()), "tier", t.tier())));
        }
        for (TopicReplication t : latest.mismatched()) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("sourcePartitions", t.sourcePartitions());
            evidence.put("replicaPartitions", t.replicaPartitions());
            t.differences().forEach(d -> evidence.put(d.name(), text(d.source()) + " on the source, " + text(d.replica()) + " on DR"));
            out.add(new Finding("dr-replica-mismatch/topic=" + t.topic(), "dr-replica-mismatch", Severity.WARNING,
                    t.differences().size() + (t.sourcePartitions() != t.replicaPartitions() ? 1 : 0),
                    "replica " + text(t.replica()) + " on " + text(target) + " differs from " + text(t.topic()) + ": "
                            + mismatch(t), Map.of("target", target, "topic", t.topic()), evidence));
        }
        for (MirrorConnector c : latest.connectors()) {
            if (c.failed()) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("class", c.connectorClass());
                evidence.put("state", c.state().name());
                evidence.put("tasks", c.tasks().stream().map(Enum::name).toList());
                if (c.trace() != null) {
                    evidence.put("trace", text(c.trace().lines().findFirst().orElse("")));
                }
                out.add(new Finding("dr-connector-failed/connector=" + c.name(), "dr-connector-failed", Severity.CRITICAL, 1,
                        "MirrorMaker connector " + text(c.name()) + " (" + c.connectorClass() + ") is " + c.state()
                                + (c.state() == io.warden.connect.ConnectState.FAILED ? "" : " with a FAILED task"),
                        Map.of("target", target, "connector", c.name()), evidence));
            }
        }
        for (CheckpointAge c : latest.checkpoints()) {
            if (c.stale()) {
                out.add(new Finding("dr-checkpoint-stale/group=" + c.group(), "dr-checkpoint-stale", Severity.WARNING,
                        valueOr(c.ageSeconds()), "group " + text(c.group()) + " moved on " + text(latest.source())
                                + (c.ageSeconds() == null ? " but has no checkpoint on " + text(target)
                                    : String.format(" but its newest checkpoint on %s is %.0f s old", text(target), c.ageSeconds()))
                                + ": after a failover it would re-read more than it needs to",
                        Map.of("target", target, "group", c.group()), Map.of("partitionsBehind", c.behind())));
            }
        }
        return out;
    }

    /**
     * Replica partitions that did not move from {@code previous} to {@code latest} although the
     * source held records at {@code previous} that are still not on DR: a whole cycle went by
     * without MirrorMaker copying what it could have. Records produced just before the latest
     * reading do not count, so a healthy MirrorMaker a few milliseconds behind is not stalled.
     */
    public static List<String> stalled(ReplicationStatus previous, ReplicationStatus latest) {
        List<String> out = new ArrayList<>();
        if (previous == null || !previous.unreadable().isEmpty()) {
            return out;
        }
        Map<String, PartitionReplication> before = new LinkedHashMap<>();
        previous.topics().forEach(t -> t.partitions().forEach(p -> before.put(t.topic() + "-" + p.partition(), p)));
        for (TopicReplication t : latest.topics()) {
            if (!t.replicaExists()) {
                continue; // reported as missing, not stalled
            }
            for (PartitionReplication p : t.partitions()) {
                PartitionReplication b = before.get(t.topic() + "-" + p.partition());
                if (b != null && b.replicaEnd() >= 0 && p.replicaEnd() == b.replicaEnd() && p.reached() < b.sourceEnd()) {
                    out.add(t.topic() + "-" + p.partition());
                }
            }
        }
        return new ArrayList<>(new TreeSet<>(out));
    }

    private static String mismatch(TopicReplication t) {
        List<String> parts = new ArrayList<>();
        if (t.sourcePartitions() != t.replicaPartitions()) {
            parts.add(t.sourcePartitions() + " partitions on the source, " + t.replicaPartitions() + " on DR");
        }
        t.differences().forEach(d -> parts.add(d.name() + " " + text(d.source()) + " on the source, " + text(d.replica()) + " on DR"));
        return String.join("; ", parts);
    }

    private static double valueOr(Double v) {
        return v == null ? 0 : v;
    }

    private static String text(String s) {
        return s == null ? "" : RecordText.escape(s);
    }
}
