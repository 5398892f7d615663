package io.warden.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SnapshotCompactorTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    /** What the Admin client hands over: fresh names, partitions and lists in every response. */
    private static Snapshot cycle(int second, Map<String, Long> offsetsOfOrders) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsetsOfOrders.forEach((p, o) -> committed.put(new TopicPartition(new String("orders"), Integer.parseInt(p)), o));
        List<PartitionInfo> partitions = List.of(
                new PartitionInfo(new String("orders"), 0, 1, List.of(1, 2), List.of(1, 2), 0, 100),
                new PartitionInfo(new String("orders"), 1, 2, List.of(2, 1), List.of(2, 1), 0, 100));
        GroupInfo group = new GroupInfo(new String("billing"), "STABLE", GroupType.CONSUMER, 1, 3,
                List.of(new MemberInfo("m1", "c1", "/h", List.of(new TopicPartition(new String("orders"), 0)))), committed);
        return new Snapshot(T0.plusSeconds(second), new ClusterInfo("c", List.of(), java.util.Set.of(), 1, null),
                List.of(new TopicInfo(new String("orders"), false, -1, partitions)), List.of(group), List.of(), Map.of(),
                List.of(), 5, null);
    }

    private static PartitionOffsets committed(Snapshot s) {
        return PartitionOffsets.copyOf(s.groups().get(0).committed());
    }

    @Test
    void cyclesOfAGroupShareOnePartitionArrayAndEveryNameIsOneInstance() {
        SnapshotCompactor compactor = new SnapshotCompactor();
        Snapshot first = compactor.compact(cycle(0, Map.of("0", 10L, "1", 20L)));
        Snapshot second = compactor.compact(cycle(30, Map.of("0", 15L, "1", 20L)));

        assertThat(committed(second).sameKeysAs(committed(first))).isTrue();
        assertThat(committed(second)).containsExactly(Map.entry(new TopicPartition("orders", 0), 15L),
                Map.entry(new TopicPartition("orders", 1), 20L));
        assertThat(committed(first)).containsEntry(new TopicPartition("orders", 0), 10L);
        assertThat(second.topics().get(0).name()).isSameAs(first.topics().get(0).name());
        assertThat(second.topics().get(0).partitions().get(0).topic()).isSameAs(first.topics().get(0).name());
        assertThat(second.groups().get(0).groupId()).isSameAs(first.groups().get(0).groupId());
        assertThat(second.topics().get(0).partitions().get(0).replicas())
                .isSameAs(first.topics().get(0).partitions().get(0).replicas());
        assertThat(second.groups().get(0).members().get(0).assignment().get(0)).isSameAs(committed(first).keyAt(0));
    }

    @Test
    void aGroupWhosePartitionsChangedGetsItsOwnArrayOfTheSamePartitionInstances() {
        SnapshotCompactor compactor = new SnapshotCompactor();
        Snapshot first = compactor.compact(cycle(0, Map.of("0", 10L, "1", 20L)));
        Snapshot second = compactor.compact(cycle(30, Map.of("1", 25L)));

        assertThat(committed(second).sameKeysAs(committed(first))).isFalse();
        assertThat(committed(second).keyAt(0)).isSameAs(committed(first).keyAt(1));
        assertThat(committed(second)).containsExactly(Map.entry(new TopicPartition("orders", 1), 25L));
    }

    @Test
    void compactingChangesNothingASnapshotSays() {
        Snapshot raw = cycle(0, Map.of("0", 10L, "1", 20L));
        Snapshot compacted = new SnapshotCompactor().compact(raw);

        assertThat(compacted).isEqualTo(raw);
    }

    @Test
    void snapshotsOutsideTheLagWindowKeepTheirTopicsButNoGroups() {
        SnapshotCompactor compactor = new SnapshotCompactor();
        SnapshotHistory history = SnapshotHistory.empty(10);
        for (int s = 0; s <= 120; s += 30) {
            history = history.with(compactor.compact(cycle(s, Map.of("0", 10L + s))));
        }
        history = history.withoutGroupsBefore(history.latest().takenAt().minus(Duration.ofSeconds(60)));

        assertThat(history.snapshots()).extracting(s -> s.groups().size()).containsExactly(0, 0, 1, 1, 1);
        assertThat(history.snapshots()).allSatisfy(s -> assertThat(s.topics()).hasSize(1));
        assertThat(history.within(Duration.ofSeconds(60))).allSatisfy(s -> assertThat(s.groups()).hasSize(1));
    }
}
