package io.warden.dr;

import io.warden.connect.ConnectState;
import io.warden.watch.Severity;
import java.time.Instant;
import java.util.List;

/**
 * How far the DR cluster of a pair is behind its source at one instant, and whether that is within
 * each tier's RPO. Immutable; the same record serves {@code warden dr status}, the daemon's
 * snapshot and its metrics.
 *
 * @param takenAt     when the reading started
 * @param source      the source cluster's name
 * @param target      the DR cluster's name
 * @param derivation  how lag is derived, for people reading the output
 * @param topics      every replicated source topic (the pair's filter, MirrorMaker's own topics left out), by name
 * @param heartbeat   the newest heartbeat of the flow on the DR cluster
 * @param checkpoints the groups the group filter selects that commit on replicated topics, by name
 * @param connectors  MirrorMaker's connectors on the DR side's Connect; empty when Connect is not configured
 * @param tiers       the RPO estimate of each tier that holds a replicated topic
 * @param unreadable  clusters (or services) that could not be read, one line each; non-empty means the rest is partial
 * @param warnings    readings that failed without making the whole status unknown (groups, Connect, dating)
 */
public record ReplicationStatus(Instant takenAt, String source, String target, String derivation,
                                List<TopicReplication> topics, Heartbeat heartbeat, List<CheckpointAge> checkpoints,
                                List<MirrorConnector> connectors, List<TierRpo> tiers, List<String> unreadable,
                                List<String> warnings) {

    /** How lag in records is estimated; printed under the table and carried in the JSON. */
    public static final String DERIVATION = "lag records = source end - source offset reached; reached ≈ upstream + "
            + "(replica end - downstream) from MirrorMaker's newest offset-sync of the partition, bounded to [0, source end]; "
            + "lag seconds = age of the oldest source record not yet on DR (0 when caught up)";

    public ReplicationStatus {
        topics = List.copyOf(topics);
        checkpoints = List.copyOf(checkpoints);
        connectors = List.copyOf(connectors);
        tiers = List.copyOf(tiers);
        unreadable = List.copyOf(unreadable);
        warnings = List.copyOf(warnings);
    }

    /** A status of which nothing could be read but why. */
    public static ReplicationStatus unreadable(Instant takenAt, String source, String target, List<String> why) {
        return new ReplicationStatus(takenAt, source, target, DERIVATION, List.of(), new Heartbeat(false, null, null, false),
                List.of(), List.of(), List.of(), why, List.of());
    }

    /**
     * One replicated source topic and its replica.
     *
     * @param replicaExists     false when the DR cluster has no topic of the replica's name
     * @param sourcePartitions  the source topic's partition count
     * @param replicaPartitions the replica's partition count, 0 when it does not exist
     * @param differences       retention settings that differ between the source and the replica
     * @param lagRecords        summed over partitions
     * @param lagSeconds        the worst partition's; null when a lagging partition could not be dated
     */
    public record TopicReplication(String topic, String replica, String tier, boolean replicaExists, int sourcePartitions,
                                   int replicaPartitions, List<ConfigDifference> differences, long lagRecords,
                                   Double lagSeconds, List<PartitionReplication> partitions) {
        public TopicReplication {
            differences = List.copyOf(differences);
            partitions = List.copyOf(partitions);
        }

        /** The replica exists but its partition count or retention differs from the source's. */
        public boolean mismatched() {
            return replicaExists && (sourcePartitions != replicaPartitions || !differences.isEmpty());
        }
    }

    /**
     * One source partition and its replica partition.
     *
     * @param sourceEnd      the source's log end offset
     * @param replicaEnd     the replica partition's log end offset, -1 when that partition does not exist
     * @param syncUpstream   the newest offset-sync's source offset, null when MirrorMaker wrote none
     * @param syncDownstream the newest offset-sync's replica offset, null when MirrorMaker wrote none
     * @param reached        the source offset the replica has reached (the next one to replicate)
     * @param lagRecords     {@code sourceEnd - reached}
     * @param lagSeconds     age of the source record at {@code reached}, 0 when caught up, null when it could not be read
     * @param oldestUnreplicated that record's timestamp, null when caught up or undated
     */
    public record PartitionReplication(int partition, long sourceEnd, long replicaEnd, Long syncUpstream,
                                       Long syncDownstream, long reached, long lagRecords, Double lagSeconds,
                                       Instant oldestUnreplicated) {
    }

    /** A retention setting whose effective value differs on the replica. */
    public record ConfigDifference(String name, String source, String replica) {
    }

    /**
     * The newest heartbeat of the flow source → DR on the DR cluster.
     *
     * @param topicExists false when the DR cluster has no heartbeats topic (heartbeats are off, or MirrorMaker never ran)
     * @param newest      its emit time, null when none was found
     * @param ageSeconds  from its emit time to the reading, null when none was found
     * @param stale       older than the pair's heartbeat-max-age, or none found in an existing topic
     */
    public record Heartbeat(boolean topicExists, Instant newest, Double ageSeconds, boolean stale) {
    }

    /**
     * A group's newest checkpoint on the DR cluster.
     *
     * @param newest     when MirrorMaker wrote the group's newest checkpoint, null when it has none
     * @param ageSeconds its age at the reading, null when there is none
     * @param behind     partitions whose committed offset on the source differs from what the checkpoint holds
     * @param stale      behind, with no checkpoint or one older than checkpoint-max-age: a failover would
     *                   rewind the group further than it needs to (an idle group's old checkpoint is not stale)
     */
    public record CheckpointAge(String group, Instant newest, Double ageSeconds, int behind, boolean stale) {
    }

    /** One of MirrorMaker's connectors on Connect, with the states of its tasks. */
    public record MirrorConnector(String name, String connectorClass, ConnectState state, List<ConnectState> tasks,
                                  String trace) {
        public MirrorConnector {
            tasks = List.copyOf(tasks);
        }

        public boolean failed() {
            return state == ConnectState.FAILED || tasks.contains(ConnectState.FAILED);
        }
    }

    /**
     * A tier's RPO estimate against its target.
     *
     * @param rpoSeconds worst lag seconds over the tier's topics, at least the heartbeat's age when heartbeats are
     *                   stale; null when a lagging topic of the tier could not be dated
     * @param state      {@code within}, {@code BREACHED} or {@code unknown}
     * @param basis      what the estimate rests on, e.g. {@code lag of orders} or {@code heartbeat age}
     */
    public record TierRpo(String tier, double targetSeconds, Double rpoSeconds, String state, int topics, String basis) {
        public static final String WITHIN = "within";
        public static final String BREACHED = "BREACHED";
        public static final String UNKNOWN = "unknown";

        public boolean breached() {
            return BREACHED.equals(state);
        }
    }

    public List<TopicReplication> missing() {
        return topics.stream().filter(t -> !t.replicaExists()).toList();
    }

    public List<TopicReplication> mismatched() {
        return topics.stream().filter(TopicReplication::mismatched).toList();
    }

    /** Replication has stopped, as one reading can tell: heartbeats stale, or a MirrorMaker connector or task FAILED. */
    public boolean stopped() {
        return heartbeat.stale() || connectors.stream().anyMatch(MirrorConnector::failed);
    }

    /**
     * The Nagios verdict: UNKNOWN when a cluster cannot be read; CRITICAL when a tier breaches its
     * RPO or replication stopped; WARNING for missing or mismatched replicas, stale checkpoints,
     * no heartbeats at all and partial readings; else OK.
     */
    public Severity severity() {
        if (!unreadable.isEmpty()) {
            return Severity.UNKNOWN;
        }
        if (stopped() || tiers.stream().anyMatch(TierRpo::breached)) {
            return Severity.CRITICAL;
        }
        if (tiers.stream().anyMatch(t -> TierRpo.UNKNOWN.equals(t.state()))) {
            return Severity.UNKNOWN;
        }
        boolean warn = !missing().isEmpty() || !mismatched().isEmpty() || !heartbeat.topicExists() || !warnings.isEmpty()
                || checkpoints.stream().anyMatch(CheckpointAge::stale);
        return warn ? Severity.WARNING : Severity.OK;
    }
}
