package io.warden.dr;

import io.warden.runbook.verify.VerifyCheck.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a DR drill measured: the evidence an auditor asks for.
 *
 * @param drillId       the id every marker carries (header {@code warden-drill-id})
 * @param source        the replicated cluster
 * @param target        the DR cluster
 * @param topics        the drilled source topics (the drill topic, or those named)
 * @param drillTopic    true when the drill created (and removed) its own topic
 * @param replicaSeenAfter how long MirrorMaker took to create the drill topic's replica, or null
 * @param rpo           the measured RPO: the longest time a marker took to appear on DR; null when none appeared
 * @param p50           the median of the markers' latencies; null when none appeared
 * @param counts        records in the same window on both sides, per drilled partition
 * @param groups        the selected groups' translatable positions
 * @param parity        Schema Registry and Connect parity, or null when neither is configured on both sides
 * @param notes         what else an operator must know (a replica that never appeared, a group not selected ...)
 * @param cleanup       what the drill removed or had to leave
 */
public record DrillReport(String drillId, Instant startedAt, Instant finishedAt, String ranBy, Cluster source, Cluster target,
                          String replicationPolicy, List<String> topics, boolean drillTopic, Duration markerWait,
                          Duration replicaSeenAfter, int markersProduced, int markersSeen, int markersLost, Duration rpo,
                          Duration p50, List<TierResult> tiers, List<Marker> markers, List<PartitionCount> counts,
                          List<GroupPosition> groups, ParityReport parity, List<String> notes, List<String> cleanup,
                          Status status) {

    /** One cluster of the pair: its name, brokers and MirrorMaker alias. */
    public record Cluster(String name, String bootstrapServers, String alias) {
    }

    /**
     * One marker: where it was written and where and when it was seen on DR.
     *
     * @param seenAt  when the drill read it from the replica, or null when it did not appear (lost)
     * @param latency {@code seenAt - producedAt}, or null when lost
     */
    public record Marker(String id, String topic, int partition, long offset, Instant producedAt, String replica,
                         Long replicaOffset, Instant seenAt, Duration latency) {
    }

    /**
     * One recovery tier: its targets and whether the measured RPO meets its RPO. A drill cannot
     * measure an RTO (that takes a failover); the target is reported for the record.
     */
    public record TierResult(String tier, Duration rpoTarget, Duration rtoTarget, Duration measuredRpo, boolean pass) {
    }

    /**
     * Records between the same two records on both sides: the first and last marker of the
     * partition (the whole topic for the drill topic) on the source, and the same markers on the
     * replica.
     *
     * @param replicaRecords null when the window on DR is unknown (a bounding marker was lost)
     */
    public record PartitionCount(String topic, int partition, long sourceFrom, long sourceTo, long sourceRecords,
                                 String replica, Long replicaFrom, Long replicaTo, Long replicaRecords, boolean match) {
    }

    /**
     * Whether a group could resume on DR: a checkpoint for each partition it has committed on a
     * replicated topic, young enough.
     *
     * @param oldestCheckpointAge the age of its oldest checkpoint, or null when it has none
     * @param problem             why it is not ok, or null
     */
    public record GroupPosition(String group, int partitions, int checkpointed, List<String> missing,
                                Duration oldestCheckpointAge, boolean ok, String problem) {
    }

    public int exitCode() {
        return status.exitCode();
    }
}
