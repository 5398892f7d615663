package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.connect.ConnectState;
import io.warden.dr.ReplicationStatus.ConfigDifference;
import io.warden.dr.ReplicationStatus.Heartbeat;
import io.warden.dr.ReplicationStatus.MirrorConnector;
import io.warden.dr.ReplicationStatus.PartitionReplication;
import io.warden.dr.ReplicationStatus.TierRpo;
import io.warden.dr.ReplicationStatus.TopicReplication;
import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicationCheckTest {

    private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");
    private static final Heartbeat FRESH = new Heartbeat(true, T0, 1.0, false);
    private final ReplicationCheck check = new ReplicationCheck();

    /** {@code orders} partition 0: the source ends at {@code sourceEnd}, the replica at {@code replicaEnd}, offsets aligned. */
    private static ReplicationStatus reading(long sourceEnd, long replicaEnd, Heartbeat heartbeat, List<MirrorConnector> connectors,
                                             List<TierRpo> tiers) {
        var p = new PartitionReplication(0, sourceEnd, replicaEnd, null, null, replicaEnd, sourceEnd - replicaEnd, 0.0, null);
        var t = new TopicReplication("orders", "primary.orders", "critical", true, 1, 1, List.of(), sourceEnd - replicaEnd, 0.0,
                List.of(p));
        return new ReplicationStatus(T0, "primary", "dr", ReplicationStatus.DERIVATION, List.of(t), heartbeat, List.of(),
                connectors, tiers, List.of(), List.of());
    }

    private static ReplicationStatus reading(long sourceEnd, long replicaEnd) {
        return reading(sourceEnd, replicaEnd, FRESH, List.of(), List.of());
    }

    private static List<String> keys(List<Finding> findings) {
        return findings.stream().map(Finding::key).toList();
    }

    @Test
    void recordsProducedJustBeforeTheReadingAreNotAStallButStillMissingACycleLaterAre() {
        ReplicationStatus caughtUp = reading(100, 100);
        ReplicationStatus justProduced = reading(130, 100);
        ReplicationStatus cycleLater = reading(130, 100);

        assertThat(ReplicationCheck.stalled(caughtUp, justProduced)).isEmpty();
        assertThat(ReplicationCheck.stalled(justProduced, cycleLater)).containsExactly("orders-0");
        Finding f = check.evaluate(justProduced, cycleLater).get(0);
        assertThat(f.key()).isEqualTo("dr-replication-stalled/target=dr");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aReplicaThatMovesIsNotStalledHoweverFarBehind() {
        assertThat(ReplicationCheck.stalled(reading(1000, 100), reading(2000, 150))).isEmpty();
        assertThat(ReplicationCheck.stalled(null, reading(2000, 150))).isEmpty();
    }

    @Test
    void theCheckComparesTheLastTwoSnapshotsOfTheHistory() {
        Snapshot a = snapshot(T0).withReplication(reading(130, 100));
        Snapshot withoutReading = snapshot(T0.plusSeconds(1));
        Snapshot b = snapshot(T0.plusSeconds(2)).withReplication(reading(130, 100));
        assertThat(keys(check.evaluate(SnapshotHistory.of(a)))).isEmpty();
        assertThat(keys(check.evaluate(SnapshotHistory.of(a, withoutReading, b)))).containsExactly("dr-replication-stalled/target=dr");
        assertThat(check.evaluate(SnapshotHistory.of(a, withoutReading))).isEmpty();
    }

    @Test
    void aStaleHeartbeatIsAStallOnItsOwn() {
        var stale = new Heartbeat(true, T0.minusSeconds(120), 120.0, true);
        List<Finding> found = check.evaluate(null, reading(100, 100, stale, List.of(), List.of()));
        assertThat(keys(found)).containsExactly("dr-replication-stalled/target=dr");
        assertThat(found.get(0).message()).contains("newest heartbeat is 120 s old");
    }

    @Test
    void aBreachedTierAFailedMirrorMakerTaskAMissingAndAMismatchedReplicaAreEachAFinding() {
        var tiers = List.of(new TierRpo("critical", 60, 95.0, TierRpo.BREACHED, 1, "lag of orders"),
                new TierRpo("standard", 3600, 95.0, TierRpo.WITHIN, 1, "lag of logs"));
        var connectors = List.of(new MirrorConnector("mm-source", "MirrorSourceConnector", ConnectState.RUNNING,
                        List.of(ConnectState.RUNNING, ConnectState.FAILED), "org.apache.kafka.common.errors.TimeoutException\n\tat x"),
                new MirrorConnector("mm-heartbeat", "MirrorHeartbeatConnector", ConnectState.RUNNING, List.of(ConnectState.RUNNING), null));
        ReplicationStatus base = reading(100, 100, FRESH, connectors, tiers);
        var missing = new TopicReplication("audit", "primary.audit", "standard", false, 1, 0, List.of(), 5, 3.0, List.of());
        var mismatched = new TopicReplication("payments", "primary.payments", "standard", true, 1, 3,
                List.of(new ConfigDifference("retention.ms", "604800000", "86400000")), 0, 0.0, List.of());
        ReplicationStatus latest = new ReplicationStatus(T0, "primary", "dr", base.derivation(),
                List.of(base.topics().get(0), missing, mismatched), FRESH, List.of(), connectors, tiers, List.of(), List.of());

        List<Finding> found = check.evaluate(null, latest);

        assertThat(keys(found)).containsExactly("dr-rpo-breached/tier=critical", "dr-replica-missing/topic=audit",
                "dr-replica-mismatch/topic=payments", "dr-connector-failed/connector=mm-source");
        assertThat(found.get(0).value()).isEqualTo(95.0);
        assertThat(found.get(2).message()).contains("1 partitions on the source, 3 on DR", "retention.ms 604800000 on the source");
        assertThat(found.get(3).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(latest.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anUnreadableClusterIsUnknownAndNothingElse() {
        ReplicationStatus unreadable = ReplicationStatus.unreadable(T0, "primary", "dr", List.of("DR cluster dr cannot be read"));
        List<Finding> found = check.evaluate(reading(130, 100), unreadable);
        assertThat(keys(found)).containsExactly("dr-unreadable/target=dr");
        assertThat(found.get(0).severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(unreadable.severity().exitCode()).isEqualTo(3);
        // the reading after an unreadable one has nothing to compare with
        assertThat(ReplicationCheck.stalled(unreadable, reading(130, 100))).isEmpty();
    }

    @Test
    void healthyReplicationIsOk() {
        var tiers = List.of(new TierRpo("critical", 60, 0.0, TierRpo.WITHIN, 1, "caught up"));
        ReplicationStatus ok = reading(100, 100, FRESH, List.of(), tiers);
        assertThat(check.evaluate(reading(100, 100), ok)).isEmpty();
        assertThat(ok.severity()).isEqualTo(Severity.OK);
    }

    private static Snapshot snapshot(Instant at) {
        return new Snapshot(at, new ClusterInfo("c", List.of(), Set.of(), null, null), List.of(), List.of(), List.of(), Map.of(),
                List.of(), 1, null);
    }
}
