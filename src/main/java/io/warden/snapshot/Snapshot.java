package io.warden.snapshot;

import io.warden.comply.SecurityReading;
import io.warden.connect.ConnectStatus;
import io.warden.dr.ReplicationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything one collection cycle saw of a cluster at one instant. Immutable; a probe that failed
 * leaves a {@link ProbeFailure} instead of data, so a snapshot always exists.
 *
 * @param takenAt       when the collection started (the clock of the collector, not the brokers')
 * @param cluster       brokers, controller, quorum and which brokers are missing
 * @param topics        every topic with its partitions, offsets and replica state
 * @param groups        groups of every type with members and offsets, also those that could not be described
 * @param logDirs       one entry per broker log dir that answered
 * @param offsetTimes   exact append times known for individual offsets (offset -> epoch millis),
 *                      used to turn lag in messages into lag in seconds; may be empty
 * @param failures      probes or targets that did not answer during this cycle
 * @param durationMillis how long the collection took
 * @param connect       the Kafka Connect cluster's status, null when Connect is not watched
 * @param security      listeners and TLS certificates as last read (they are read every few minutes,
 *                      not every cycle), null when they are not watched
 * @param replication   the replication health of the cluster's DR pair, null when it has no {@code dr:} section
 */
public record Snapshot(
        Instant takenAt,
        ClusterInfo cluster,
        List<TopicInfo> topics,
        List<GroupInfo> groups,
        List<LogDirInfo> logDirs,
        Map<TopicPartition, Map<Long, Long>> offsetTimes,
        List<ProbeFailure> failures,
        long durationMillis,
        ConnectStatus connect,
        SecurityReading security,
        ReplicationStatus replication) {

    public Snapshot {
        topics = List.copyOf(topics);
        groups = List.copyOf(groups);
        logDirs = List.copyOf(logDirs);
        offsetTimes = Map.copyOf(offsetTimes);
        failures = List.copyOf(failures);
    }

    public Snapshot(Instant takenAt, ClusterInfo cluster, List<TopicInfo> topics, List<GroupInfo> groups,
                    List<LogDirInfo> logDirs, Map<TopicPartition, Map<Long, Long>> offsetTimes, List<ProbeFailure> failures,
                    long durationMillis, ConnectStatus connect) {
        this(takenAt, cluster, topics, groups, logDirs, offsetTimes, failures, durationMillis, connect, null, null);
    }

    public Optional<TopicInfo> topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<GroupInfo> group(String groupId) {
        return groups.stream().filter(g -> g.groupId().equals(groupId)).findFirst();
    }

    /** All partitions of all topics, in topic order. */
    public List<PartitionInfo> partitions() {
        return topics.stream().flatMap(t -> t.partitions().stream()).toList();
    }

    /** The same snapshot with exact append times known for some offsets. */
    public Snapshot withOffsetTimes(Map<TopicPartition, Map<Long, Long>> times) {
        return new Snapshot(takenAt, cluster, topics, groups, logDirs, times, failures, durationMillis, connect, security, replication);
    }

    /** Why the cluster did not answer this collection at all, empty when it answered. */
    public Optional<ProbeFailure> unanswered() {
        return failures.stream().filter(ProbeFailure::wholeCluster).findFirst();
    }

    /** The same snapshot with other groups (none: a snapshot kept only for its topics and brokers). */
    public Snapshot withGroups(List<GroupInfo> other) {
        return new Snapshot(takenAt, cluster, topics, other, logDirs, offsetTimes, failures, durationMillis, connect, security, replication);
    }

    /** The same snapshot with more probes that failed. */
    public Snapshot withFailures(List<ProbeFailure> more) {
        if (more.isEmpty()) {
            return this;
        }
        var all = new java.util.ArrayList<>(failures);
        all.addAll(more);
        return new Snapshot(takenAt, cluster, topics, groups, logDirs, offsetTimes, all, durationMillis, connect, security, replication);
    }

    /** The same snapshot with the Connect cluster's status seen at the same time. */
    public Snapshot withConnect(ConnectStatus status) {
        return new Snapshot(takenAt, cluster, topics, groups, logDirs, offsetTimes, failures, durationMillis, status, security, replication);
    }

    /** The same snapshot with the listeners and certificates last read. */
    public Snapshot withSecurity(SecurityReading reading) {
        return new Snapshot(takenAt, cluster, topics, groups, logDirs, offsetTimes, failures, durationMillis, connect, reading, replication);
    }

    /** The same snapshot with the DR pair's replication health read in the same cycle. */
    public Snapshot withReplication(ReplicationStatus status) {
        return new Snapshot(takenAt, cluster, topics, groups, logDirs, offsetTimes, failures, durationMillis, connect, security,
                status);
    }

    /** True when the named probe failed in this cycle, so its data is absent rather than empty. */
    public boolean failed(String probe) {
        return failures.stream().anyMatch(f -> f.probe().equals(probe));
    }
}
