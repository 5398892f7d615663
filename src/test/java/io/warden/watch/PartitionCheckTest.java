package io.warden.watch;

import static io.warden.watch.Snapshots.at;
import static io.warden.watch.Snapshots.partition;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.SnapshotHistory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionCheckTest {

    private final PartitionCheck check = new PartitionCheck(CheckSettings.defaults()); // URP critical above 5 %

    /** A cluster of 100 healthy partitions in topic bulk, plus what the test adds. */
    private static Snapshots.Builder hundred() {
        return at(0).topic("bulk", new long[100]);
    }

    private static Optional<Finding> find(List<Finding> findings, String key) {
        return findings.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    @Test
    void healthyPartitionsHaveNoFinding() {
        assertThat(check.evaluate(SnapshotHistory.of(hundred().build()))).isEmpty();
    }

    @Test
    void partitionsLedByAnotherReplicaThanThePreferredInSyncOneAreAWarning() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(hundred()
                .partition(partition("orders", 0, 2, List.of(1, 2, 3), List.of(1, 2, 3)))
                .partition(partition("orders", 1, 2, List.of(3, 2, 1), List.of(2, 1))) // preferred 3 out of sync: no election possible
                .build()));

        Finding f = find(findings, "preferred-leader").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.value()).isEqualTo(1);
        assertThat(f.evidence()).containsEntry("extraLeadersByBroker", Map.of(2, 1));
        assertThat(f.message()).startsWith("1 partition(s) are not led by their preferred replica: orders-0");
    }

    @Test
    void offlinePartitionsAreCriticalAndEvidenceIsCapped() {
        Snapshots.Builder b = at(0);
        for (int p = 0; p < 25; p++) {
            b.partition(partition("orders", p, -1, List.of(1, 2), List.of(2)));
        }

        Finding f = find(check.evaluate(SnapshotHistory.of(b.build())), "offline-partitions").orElseThrow();

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.value()).isEqualTo(25);
        assertThat(f.labels()).containsEntry("topic", "orders");
        assertThat(f.evidence()).containsEntry("count", 25);
        assertThat((List<?>) f.evidence().get("partitions")).hasSize(PartitionCheck.LISTED);
        assertThat(f.message()).startsWith("25 partition(s) have no leader: orders-0, orders-1").endsWith("and 20 more");
    }

    @Test
    void fewUnderReplicatedPartitionsAreAWarning() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(
                hundred().partition(partition("orders", 0, 1, List.of(1, 2, 3), List.of(1, 2))).build()));

        Finding f = find(findings, "under-replicated").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.value()).isEqualTo(1);
        assertThat((double) f.evidence().get("percent")).isCloseTo(100.0 / 101, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.evidence()).containsEntry("byTopic", Map.of("orders", 1L))
                .containsEntry("outOfSyncReplicasByBroker", Map.of(3, 1));
        assertThat(f.message()).contains("1 of 101 partitions (1.0%)").contains("brokers [3]");
        assertThat(find(findings, "under-min-isr")).isEmpty(); // ISR 2 meets min.insync.replicas 2
    }

    @Test
    void manyUnderReplicatedPartitionsAreCritical() {
        Snapshots.Builder b = hundred();
        for (int p = 0; p < 10; p++) {
            b.partition(partition("orders", p, 1, List.of(1, 2, 3), List.of(1, 3)));
        }

        Finding f = find(check.evaluate(SnapshotHistory.of(b.build())), "under-replicated").orElseThrow();

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL); // 10 of 110 = 9.1 % > 5 %
        assertThat(f.value()).isEqualTo(10);
    }

    @Test
    void isrBelowMinInsyncReplicasIsCritical() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(hundred()
                .partition(partition("orders", 0, 1, List.of(1, 2, 3), List.of(1))).minIsr("orders", 2)
                .partition(partition("logs", 0, 1, List.of(1, 2), List.of(1))).minIsr("logs", 1)
                .build()));

        Finding f = find(findings, "under-min-isr").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.value()).isEqualTo(1); // logs meets its min.insync.replicas of 1
        assertThat(f.labels()).containsEntry("topic", "orders");
        assertThat(f.message()).contains("acks=all producers fail: orders-0");
    }

    private static io.warden.snapshot.PartitionInfo withElr(String topic, int leader, List<Integer> isr, List<Integer> elr,
                                                          List<Integer> lastKnownElr) {
        return new io.warden.snapshot.PartitionInfo(topic, 0, leader, List.of(1, 2, 3), isr, 0, 100, elr, lastKnownElr);
    }

    private static Finding underMinIsr(io.warden.snapshot.PartitionInfo p) {
        return find(check().evaluate(SnapshotHistory.of(at(0).partition(p).minIsr(p.topic(), 2).build())), "under-min-isr")
                .orElseThrow();
    }

    private static PartitionCheck check() {
        return new PartitionCheck(CheckSettings.defaults());
    }

    @Test
    void underMinIsrWithALeaderNamesTheEligibleLeaderReplicasThatCanTakeOverWithoutDataLoss() {
        Finding f = underMinIsr(withElr("payments", 1, List.of(1), List.of(3), List.of()));

        assertThat(f.message()).contains("payments-0 (ISR [1]; eligible leader replicas [3] can take over without data loss)");
        assertThat(f.evidence()).containsEntry(Recovery.WITHOUT_CLEAN_LEADER, 0L);
        assertThat((List<?>) f.evidence().get("partitions")).singleElement().satisfies(p -> {
            assertThat(((Map<?, ?>) p).get("elr")).isEqualTo(List.of(3));
            assertThat(((Map<?, ?>) p).get("recovery")).isEqualTo("leader-in-sync");
        });
    }

    @Test
    void underMinIsrWithALeaderAndNoEligibleLeaderReplicaSaysOnlyAnUncleanElectionWouldFollowItsLoss() {
        assertThat(underMinIsr(withElr("payments", 1, List.of(1), List.of(), List.of())).message())
                .contains("payments-0 (ISR [1]; no eligible leader replica: if the ISR fails too, only an unclean leader election"
                        + " would bring it back, and Warden will not do that)");
    }

    @Test
    void offlinePartitionWithEligibleLeaderReplicasIsRecoverableWithoutDataLoss() {
        Finding f = underMinIsr(withElr("payments", -1, List.of(), List.of(1, 3), List.of(1)));

        assertThat(f.message()).contains("payments-0 (no leader; eligible leader replicas [1, 3] hold every committed record:"
                + " bring one back and it leads without data loss)").doesNotContain("unclean");
        assertThat(f.evidence()).containsEntry(Recovery.WITHOUT_CLEAN_LEADER, 0L);
    }

    @Test
    void offlinePartitionWithoutEligibleLeaderReplicaNeedsAnUncleanElectionWhichWardenWillNotDo() {
        var p = withElr("payments", -1, List.of(), List.of(), List.of(2));
        Finding f = underMinIsr(p);

        assertThat(f.message()).contains("payments-0 (no leader and no eligible leader replica, last known [2]: only an unclean"
                + " leader election would bring it back, losing committed records, and Warden will not do that)");
        assertThat(f.evidence()).containsEntry(Recovery.WITHOUT_CLEAN_LEADER, 1L);
        Finding offline = find(check().evaluate(SnapshotHistory.of(at(0).partition(p).build())), "offline-partitions").orElseThrow();
        assertThat(offline.message()).contains("1 of them without an eligible leader replica: only an unclean leader election");
        assertThat(offline.evidence()).containsEntry(Recovery.WITHOUT_CLEAN_LEADER, 1L);
    }

    @Test
    void clusterWithoutElrSaysNothingAboutItAndKeepsItsLastInSyncReplica() {
        assertThat(underMinIsr(withElr("payments", 1, List.of(1), null, null)).message()).contains("payments-0 (ISR [1])")
                .doesNotContain("eligible");
        assertThat(underMinIsr(withElr("payments", -1, List.of(1), null, null)).message())
                .contains("payments-0 (no leader; bring back in-sync replica [1] and it leads without data loss)");
        assertThat(underMinIsr(withElr("payments", -1, List.of(), null, null)).evidence())
                .containsEntry(Recovery.WITHOUT_CLEAN_LEADER, 1L);
    }
}
