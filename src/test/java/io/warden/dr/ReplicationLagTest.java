package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.WardenException;
import io.warden.config.WardenConfig.TierConfig;
import io.warden.dr.MirrorRecords.GroupCheckpoint;
import io.warden.dr.MirrorRecords.HeartbeatSeen;
import io.warden.dr.MirrorRecords.OffsetSync;
import io.warden.dr.ReplicationStatus.CheckpointAge;
import io.warden.dr.ReplicationStatus.Heartbeat;
import io.warden.dr.ReplicationStatus.PartitionReplication;
import io.warden.dr.ReplicationStatus.TierRpo;
import io.warden.dr.ReplicationStatus.TopicReplication;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplicationLagTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    private static OffsetSync sync(long upstream, long downstream) {
        return new OffsetSync(ORDERS_0, upstream, downstream, NOW.minusSeconds(5));
    }

    @Test
    void theReplicaReachesTheSyncsUpstreamPlusWhatItWroteSinceTheSync() {
        // source offset 950 was written at replica offset 900; the replica now ends at 1000: 100 more copied
        assertThat(ReplicationLag.reached(sync(950, 900), 1000, 0, 1200)).isEqualTo(1050);
        PartitionReplication p = ReplicationLag.partition(0, 1200, 1000, sync(950, 900), 1050,
                NOW.minusSeconds(42).toEpochMilli(), NOW);
        assertThat(p.lagRecords()).isEqualTo(150);
        assertThat(p.lagSeconds()).isEqualTo(42.0);
        assertThat(p.oldestUnreplicated()).isEqualTo(NOW.minusSeconds(42));
        assertThat(p.syncUpstream()).isEqualTo(950);
        assertThat(p.syncDownstream()).isEqualTo(900);
    }

    @Test
    void reachedIsBoundedToZeroAndTheSourceEnd() {
        assertThat(ReplicationLag.reached(sync(950, 900), 5000, 0, 1200)).isEqualTo(1200);
        // a replica recreated empty after the sync: the estimate would be negative
        assertThat(ReplicationLag.reached(sync(10, 900), 0, 0, 1200)).isZero();
    }

    @Test
    void withoutASyncTheReplicaIsTakenToStartAtTheSourcesLogStartAndAMissingPartitionHasNothing() {
        assertThat(ReplicationLag.reached(null, 0, 300, 1200)).isEqualTo(300);
        assertThat(ReplicationLag.reached(null, 400, 300, 1200)).isEqualTo(700);
        assertThat(ReplicationLag.reached(sync(950, 900), -1, 300, 1200)).isEqualTo(300);
    }

    @Test
    void caughtUpIsZeroSecondsAnUndatedLagIsUnknownAndARecordFromTheFutureIsZeroSecondsOld() {
        assertThat(ReplicationLag.partition(0, 100, 100, null, 100, null, NOW).lagSeconds()).isZero();
        assertThat(ReplicationLag.partition(0, 100, 90, null, 90, null, NOW).lagSeconds()).isNull();
        assertThat(ReplicationLag.partition(0, 100, 90, null, 90, NOW.plusSeconds(30).toEpochMilli(), NOW).lagSeconds()).isZero();
    }

    @Test
    void aTopicSumsRecordsAndTakesItsWorstPartitionsSecondsUnknownWhenOneIsUndated() {
        var a = ReplicationLag.partition(0, 100, 90, null, 90, NOW.minusSeconds(10).toEpochMilli(), NOW);
        var b = ReplicationLag.partition(1, 100, 80, null, 80, NOW.minusSeconds(70).toEpochMilli(), NOW);
        var undated = ReplicationLag.partition(2, 100, 99, null, 99, null, NOW);
        TopicReplication t = ReplicationLag.topic("orders", "primary.orders", "critical", true, 2, 2, List.of(), List.of(a, b));
        assertThat(t.lagRecords()).isEqualTo(30);
        assertThat(t.lagSeconds()).isEqualTo(70.0);
        assertThat(ReplicationLag.topic("orders", "primary.orders", "critical", true, 3, 3, List.of(), List.of(a, b, undated))
                .lagSeconds()).isNull();
    }

    @Test
    void aHeartbeatOlderThanItsMaxAgeIsStaleAndAnExistingTopicWithoutOneToo() {
        var seen = Optional.of(new HeartbeatSeen("primary", "dr", NOW.minusSeconds(90), NOW.minusSeconds(90)));
        Heartbeat old = ReplicationLag.heartbeat(true, seen, NOW, Duration.ofMinutes(1));
        assertThat(old.ageSeconds()).isEqualTo(90.0);
        assertThat(old.stale()).isTrue();
        assertThat(ReplicationLag.heartbeat(true, seen, NOW, Duration.ofMinutes(2)).stale()).isFalse();
        assertThat(ReplicationLag.heartbeat(true, Optional.empty(), NOW, Duration.ofMinutes(1)).stale()).isTrue();
        // no heartbeats topic at all: heartbeats are off, which is a warning, not a stop
        assertThat(ReplicationLag.heartbeat(false, Optional.empty(), NOW, Duration.ofMinutes(1)).stale()).isFalse();
    }

    @Test
    void anIdleGroupsOldCheckpointIsNotStaleAGroupThatMovedWithoutOneIs() {
        var cp = Map.of(ORDERS_0, new GroupCheckpoint("billing", ORDERS_0, 500, 480, "", NOW.minus(Duration.ofMinutes(30))));
        CheckpointAge idle = ReplicationLag.checkpoint("billing", Map.of(ORDERS_0, 500L), cp, NOW, Duration.ofMinutes(5));
        assertThat(idle.ageSeconds()).isEqualTo(1800.0);
        assertThat(idle.behind()).isZero();
        assertThat(idle.stale()).isFalse();
        CheckpointAge moved = ReplicationLag.checkpoint("billing", Map.of(ORDERS_0, 700L), cp, NOW, Duration.ofMinutes(5));
        assertThat(moved.behind()).isEqualTo(1);
        assertThat(moved.stale()).isTrue();
        assertThat(ReplicationLag.checkpoint("billing", Map.of(ORDERS_0, 700L), cp, NOW, Duration.ofHours(1)).stale()).isFalse();
        CheckpointAge none = ReplicationLag.checkpoint("billing", Map.of(ORDERS_0, 700L), Map.of(), NOW, Duration.ofMinutes(5));
        assertThat(none.ageSeconds()).isNull();
        assertThat(none.stale()).isTrue();
    }

    private static final RpoTiers TIERS = RpoTiers.of(List.of(new TierConfig("critical", "orders|payments", null, null),
            new TierConfig("important", "audit", null, null)), "dr.tiers", WardenException.CONFIG);

    private static TopicReplication topic(String name, String tier, Double seconds) {
        return new TopicReplication(name, "primary." + name, tier, true, 1, 1, List.of(), seconds == null || seconds > 0 ? 1 : 0,
                seconds, List.of());
    }

    private static final Heartbeat FRESH = new Heartbeat(true, NOW.minusSeconds(2), 2.0, false);

    @Test
    void aTiersRpoIsItsWorstTopicsLagSecondsAgainstItsTarget() {
        List<TierRpo> rpo = ReplicationLag.rpo(TIERS, List.of(topic("orders", "critical", 12.0), topic("payments", "critical", 75.0),
                topic("logs", "standard", 600.0)), FRESH);
        assertThat(rpo).extracting(TierRpo::tier).containsExactly("critical", "standard"); // no topic is important
        assertThat(rpo.get(0).rpoSeconds()).isEqualTo(75.0);
        assertThat(rpo.get(0).targetSeconds()).isEqualTo(60.0);
        assertThat(rpo.get(0).state()).isEqualTo(TierRpo.BREACHED);
        assertThat(rpo.get(0).basis()).isEqualTo("lag of payments");
        assertThat(rpo.get(1).state()).isEqualTo(TierRpo.WITHIN);
        assertThat(rpo.get(1).targetSeconds()).isEqualTo(3600.0);
    }

    @Test
    void staleHeartbeatsMakeTheRpoAtLeastTheirAgeEvenForACaughtUpTier() {
        Heartbeat stale = new Heartbeat(true, NOW.minusSeconds(300), 300.0, true);
        List<TierRpo> rpo = ReplicationLag.rpo(TIERS, List.of(topic("orders", "critical", 0.0)), stale);
        assertThat(rpo.get(0).rpoSeconds()).isEqualTo(300.0);
        assertThat(rpo.get(0).basis()).isEqualTo("heartbeat age");
        assertThat(rpo.get(0).breached()).isTrue();
    }

    @Test
    void anUndatedLagMakesTheTierUnknownUnlessADatedOneAlreadyBreaches() {
        assertThat(ReplicationLag.rpo(TIERS, List.of(topic("orders", "critical", null), topic("payments", "critical", 5.0)), FRESH)
                .get(0).state()).isEqualTo(TierRpo.UNKNOWN);
        assertThat(ReplicationLag.rpo(TIERS, List.of(topic("orders", "critical", null), topic("payments", "critical", 90.0)), FRESH)
                .get(0).state()).isEqualTo(TierRpo.BREACHED);
    }
}
