package io.warden.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes the snapshots a watch keeps cheap to keep. The Admin client parses fresh names, partitions
 * and lists from every response, so a history would hold a copy of each per group and cycle; here
 * every topic name, group id, partition and replica list is one instance for the whole history, and
 * a group's offsets share one partition array with the same group's offsets of the cycle before
 * when its partitions did not change (then a cycle costs a group 8 bytes per partition, see
 * {@link PartitionOffsets}). What a snapshot says does not change. It keeps the last cycle's
 * instances, so one thread (the monitor's) drives it; names gone from the cluster are dropped.
 */
public final class SnapshotCompactor {

    private Map<String, String> names = new HashMap<>();
    private Map<TopicPartition, TopicPartition> partitions = new HashMap<>();
    private Map<List<Integer>, List<Integer>> lists = new HashMap<>();
    private Map<String, GroupInfo> groups = new HashMap<>();

    /** The same snapshot, sharing what it can with the one compacted before. */
    public Snapshot compact(Snapshot s) {
        Cycle cycle = new Cycle();
        List<TopicInfo> topics = new ArrayList<>(s.topics().size());
        for (TopicInfo t : s.topics()) {
            List<PartitionInfo> parts = new ArrayList<>(t.partitions().size());
            for (PartitionInfo p : t.partitions()) {
                parts.add(new PartitionInfo(cycle.name(p.topic()), p.partition(), p.leader(), cycle.list(p.replicas()),
                        cycle.list(p.isr()), p.logStartOffset(), p.logEndOffset(), cycle.list(p.elr()),
                        cycle.list(p.lastKnownElr())));
            }
            topics.add(new TopicInfo(cycle.name(t.name()), t.internal(), t.minInSyncReplicas(), parts));
        }
        List<GroupInfo> compacted = new ArrayList<>(s.groups().size());
        Map<String, GroupInfo> byId = new HashMap<>();
        for (GroupInfo g : s.groups()) {
            GroupInfo before = groups.get(g.groupId());
            GroupInfo c = new GroupInfo(cycle.name(g.groupId()), g.state(), g.type(), g.coordinatorId(), g.epoch(),
                    g.members().stream().map(m -> new MemberInfo(m.memberId(), m.clientId(), m.host(),
                            m.assignment().stream().map(cycle::partition).toList())).toList(),
                    cycle.offsets(g.committed(), before == null ? null : before.committed()),
                    cycle.offsets(g.reportedLag(), before == null ? null : before.reportedLag()), g.problem());
            compacted.add(c);
            byId.putIfAbsent(c.groupId(), c);
        }
        Map<TopicPartition, Map<Long, Long>> times = new HashMap<>();
        s.offsetTimes().forEach((tp, t) -> times.put(cycle.partition(tp), t));
        names = cycle.names;
        partitions = cycle.partitions;
        lists = cycle.lists;
        groups = byId;
        return new Snapshot(s.takenAt(), s.cluster(), topics, compacted, s.logDirs(), times, s.failures(),
                s.durationMillis(), s.connect(), s.security(), s.replication());
    }

    /** The instances one cycle uses: taken over from the cycle before where it had them. */
    private final class Cycle {
        final Map<String, String> names = new HashMap<>();
        final Map<TopicPartition, TopicPartition> partitions = new HashMap<>();
        final Map<List<Integer>, List<Integer>> lists = new HashMap<>();

        String name(String name) {
            return names.computeIfAbsent(name, n -> SnapshotCompactor.this.names.getOrDefault(n, n));
        }

        TopicPartition partition(TopicPartition tp) {
            return partitions.computeIfAbsent(tp, k -> {
                TopicPartition known = SnapshotCompactor.this.partitions.get(k);
                return known != null ? known : new TopicPartition(name(k.topic()), k.partition());
            });
        }

        List<Integer> list(List<Integer> list) {
            return list == null ? null : lists.computeIfAbsent(list, l -> SnapshotCompactor.this.lists.getOrDefault(l, l));
        }

        PartitionOffsets offsets(Map<TopicPartition, Long> now, Map<TopicPartition, Long> before) {
            return PartitionOffsets.copyOf(now).sharingKeysWith(
                    before == null ? null : PartitionOffsets.copyOf(before), this::partition);
        }
    }
}
