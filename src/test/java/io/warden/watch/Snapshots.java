package io.warden.watch;

import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.LogDirInfo;
import io.warden.snapshot.MemberInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.ProbeFailure;
import io.warden.snapshot.QuorumState;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.TopicInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;

/**
 * Hand-built snapshots for check tests. By default a healthy three-broker cluster (brokers 1-3
 * live and expected, controller 1, quorum leader 1) with nothing else; add what the test is about.
 */
final class Snapshots {

    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private Snapshots() {
    }

    /** A snapshot taken {@code seconds} after {@link #T0}. */
    static Builder at(long seconds) {
        return new Builder(T0.plusSeconds(seconds));
    }

    static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    static MemberInfo member(String id, TopicPartition... assignment) {
        return new MemberInfo(id, id + "-client", "/10.0.0." + (Math.abs(id.hashCode()) % 250 + 1), List.of(assignment));
    }

    static GroupBuilder group(String id) {
        return new GroupBuilder(id);
    }

    /** A healthy partition: leader 1, replicas = ISR = [1, 2, 3], log start 0. */
    static PartitionInfo partition(String topic, int partition, long logEnd) {
        return new PartitionInfo(topic, partition, 1, List.of(1, 2, 3), List.of(1, 2, 3), 0, logEnd);
    }

    static PartitionInfo partition(String topic, int partition, int leader, List<Integer> replicas, List<Integer> isr) {
        return new PartitionInfo(topic, partition, leader, replicas, isr, 0, 100);
    }

    static final class Builder {
        private final Instant takenAt;
        private Set<Integer> live = new TreeSet<>(List.of(1, 2, 3));
        private Set<Integer> expected = new TreeSet<>(List.of(1, 2, 3));
        private Integer controller = 1;
        private QuorumState quorum = new QuorumState(1, 7, 1000, List.of(), List.of());
        private final Map<String, List<PartitionInfo>> topics = new LinkedHashMap<>();
        private final Map<String, Integer> minIsr = new HashMap<>();
        private final List<GroupInfo> groups = new ArrayList<>();
        private final List<LogDirInfo> logDirs = new ArrayList<>();
        private final Map<TopicPartition, Map<Long, Long>> offsetTimes = new HashMap<>();
        private final List<ProbeFailure> failures = new ArrayList<>();

        private Builder(Instant takenAt) {
            this.takenAt = takenAt;
        }

        Builder live(Integer... ids) {
            live = new TreeSet<>(List.of(ids));
            return this;
        }

        Builder expected(Integer... ids) {
            expected = new TreeSet<>(List.of(ids));
            return this;
        }

        Builder controller(Integer id) {
            controller = id;
            return this;
        }

        Builder quorum(QuorumState q) {
            quorum = q;
            return this;
        }

        Builder quorumLeader(int id) {
            quorum = new QuorumState(id, 7, 1000, List.of(), List.of());
            return this;
        }

        /** A topic of healthy partitions, all with the given log end offsets (one per partition). */
        Builder topic(String name, long... logEnds) {
            IntStream.range(0, logEnds.length).forEach(p -> partition(Snapshots.partition(name, p, logEnds[p])));
            return this;
        }

        Builder partition(PartitionInfo p) {
            topics.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p);
            return this;
        }

        Builder minIsr(String topic, int min) {
            minIsr.put(topic, min);
            return this;
        }

        Builder group(GroupBuilder group) {
            groups.add(group.build());
            return this;
        }

        Builder logDir(LogDirInfo dir) {
            logDirs.add(dir);
            return this;
        }

        Builder offsetTime(String topic, int partition, long offset, Instant appendedAt) {
            offsetTimes.computeIfAbsent(tp(topic, partition), k -> new HashMap<>()).put(offset, appendedAt.toEpochMilli());
            return this;
        }

        Builder failure(String probe, String target, String message) {
            failures.add(new ProbeFailure(probe, target, message));
            return this;
        }

        Snapshot build() {
            List<BrokerInfo> brokers = live.stream().map(id -> new BrokerInfo(id, "broker" + id, 9092, null)).toList();
            ClusterInfo cluster = new ClusterInfo("cluster-1", brokers, expected, controller, quorum);
            List<TopicInfo> topicInfos = topics.entrySet().stream()
                    .map(e -> new TopicInfo(e.getKey(), e.getKey().startsWith("__"), minIsr.getOrDefault(e.getKey(), 2),
                            e.getValue()))
                    .toList();
            Map<TopicPartition, Map<Long, Long>> times = offsetTimes.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
            return new Snapshot(takenAt, cluster, topicInfos, groups, logDirs, times, failures, 10, null);
        }
    }

    static final class GroupBuilder {
        private final String id;
        private String state = "STABLE";
        private int epoch = -1;
        private final List<MemberInfo> members = new ArrayList<>();
        private final Map<TopicPartition, Long> committed = new HashMap<>();
        private final Map<TopicPartition, Long> reportedLag = new HashMap<>();
        private GroupType type = GroupType.CONSUMER;
        private String problem;

        private GroupBuilder(String id) {
            this.id = id;
        }

        GroupBuilder member(MemberInfo m) {
            members.add(m);
            return this;
        }

        GroupBuilder commit(String topic, int partition, long offset) {
            committed.put(tp(topic, partition), offset);
            return this;
        }

        /** Makes it a share group: its start offset on the partition and the lag the broker reports there. */
        GroupBuilder shareStart(String topic, int partition, long startOffset, long lag) {
            type = GroupType.SHARE;
            committed.put(tp(topic, partition), startOffset);
            reportedLag.put(tp(topic, partition), lag);
            return this;
        }

        GroupBuilder type(GroupType t) {
            type = t;
            return this;
        }

        GroupBuilder problem(String p) {
            problem = p;
            return this;
        }

        GroupBuilder epoch(int e) {
            epoch = e;
            return this;
        }

        GroupBuilder state(String s) {
            state = s;
            return this;
        }

        GroupInfo build() {
            String effectiveState = members.isEmpty() && state.equals("STABLE") ? "EMPTY" : state;
            return new GroupInfo(id, effectiveState, type, 1, epoch, members, committed, reportedLag, problem);
        }
    }
}
