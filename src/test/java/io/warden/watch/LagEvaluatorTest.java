package io.warden.watch;

import static io.warden.watch.Snapshots.T0;
import static io.warden.watch.Snapshots.at;
import static io.warden.watch.Snapshots.group;
import static io.warden.watch.Snapshots.member;
import static io.warden.watch.Snapshots.tp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagEvaluatorTest {

    private final LagEvaluator evaluator = new LagEvaluator(CheckSettings.defaults()); // 5 minute window

    /** One snapshot a minute for topic orders-0 (log ends) and group g1 (commits); members when active. */
    private static SnapshotHistory minutes(long[] logEnds, long[] commits, boolean active) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < logEnds.length; i++) {
            var g = group("g1").commit("orders", 0, commits[i]);
            if (active) {
                g.member(member("m1", tp("orders", 0)));
            }
            snapshots.add(at(60L * i).topic("orders", logEnds[i]).group(g).build());
        }
        return SnapshotHistory.of(snapshots.toArray(Snapshot[]::new));
    }

    private PartitionLag only(SnapshotHistory history) {
        List<GroupLag> lags = evaluator.evaluate(history);
        assertThat(lags).hasSize(1);
        assertThat(lags.get(0).partitions()).hasSize(1);
        return lags.get(0).partitions().get(0);
    }

    @Test
    void emptyHistoryHasNoLag() {
        assertThat(evaluator.evaluate(SnapshotHistory.empty(10))).isEmpty();
    }

    @Test
    void lagPerPartitionWithOwnerAndSortedGroupsAndPartitions() {
        Snapshot s = at(0).topic("orders", 100, 50).topic("alpha", 10)
                .group(group("zeta").commit("orders", 0, 100))
                .group(group("billing").member(member("m1", tp("orders", 0), tp("orders", 1)))
                        .commit("orders", 1, 50).commit("orders", 0, 40).commit("alpha", 0, 7))
                .build();

        List<GroupLag> lags = evaluator.evaluate(SnapshotHistory.of(s));

        assertThat(lags).extracting(GroupLag::group).containsExactly("billing", "zeta");
        GroupLag billing = lags.get(0);
        assertThat(billing.partitions()).extracting(p -> p.topic() + "-" + p.partition())
                .containsExactly("alpha-0", "orders-0", "orders-1");
        PartitionLag orders0 = billing.partitions().get(1);
        assertThat(orders0.committed()).isEqualTo(40);
        assertThat(orders0.logEndOffset()).isEqualTo(100);
        assertThat(orders0.lag()).isEqualTo(60);
        assertThat(orders0.memberId()).isEqualTo("m1");
        assertThat(orders0.clientId()).isEqualTo("m1-client");
        assertThat(orders0.host()).startsWith("/10.0.0.");
        assertThat(billing.partitions().get(0).memberId()).isNull(); // alpha-0 is not assigned
        assertThat(billing.partitions().get(2).lag()).isZero();
        assertThat(billing.totalLag()).isEqualTo(63);
        assertThat(billing.members()).isEqualTo(1);
        assertThat(billing.state()).isEqualTo("STABLE");
    }

    @Test
    void unknownLogEndGivesUnknownLag() {
        Snapshot s = at(0).partition(new PartitionInfo("orders", 0, 1, List.of(1), List.of(1), -1, -1))
                .group(group("g1").member(member("m1")).commit("orders", 0, 5).commit("gone", 0, 9))
                .build();

        GroupLag g = evaluator.evaluate(SnapshotHistory.of(s)).get(0);

        assertThat(g.partitions()).allSatisfy(p -> {
            assertThat(p.lag()).isEqualTo(-1);
            assertThat(p.logEndOffset()).isEqualTo(-1);
            assertThat(p.lagSeconds()).isNull();
        });
        assertThat(g.totalLag()).isZero();
        assertThat(g.maxLagSeconds()).isNull();
    }

    @Test
    void idleTopicGivesALowerBoundNotAnAbsurdAge() {
        // nothing produced for four minutes; the consumer sits 50 behind
        PartitionLag p = only(minutes(new long[] {100, 100, 100, 100, 100}, new long[] {50, 50, 50, 50, 50}, true));

        assertThat(p.lag()).isEqualTo(50);
        assertThat(p.lagSeconds()).isEqualTo(240.0);
        assertThat(p.lagSecondsAtLeast()).isTrue();
        assertThat(p.trendPerMinute()).isZero();
    }

    @Test
    void emptyPartitionIsZeroSecondsBehind() {
        PartitionLag p = only(minutes(new long[] {0, 0, 0}, new long[] {0, 0, 0}, true));

        assertThat(p.lag()).isZero();
        assertThat(p.lagSeconds()).isEqualTo(0.0);
        assertThat(p.lagSecondsAtLeast()).isFalse();
        assertThat(p.status()).isEqualTo(GroupStatus.OK);
    }

    @Test
    void steadyProductionInterpolatesBetweenSnapshots() {
        // 10 messages a second; message 1500 was appended at 150 s, the latest snapshot is at 240 s
        PartitionLag p = only(minutes(new long[] {0, 600, 1200, 1800, 2400}, new long[] {0, 500, 1000, 1400, 1500}, true));

        assertThat(p.lagSeconds()).isCloseTo(90.0, within(1e-9));
        assertThat(p.lagSecondsAtLeast()).isFalse();
    }

    @Test
    void spikeStaysBetweenTheTwoSnapshotsAroundIt() {
        // the log end jumps 100x in the last minute; message 450 came just after the 180 s snapshot
        PartitionLag p = only(minutes(new long[] {100, 200, 300, 400, 40_000}, new long[] {50, 150, 250, 350, 450}, true));

        assertThat(p.lag()).isEqualTo(39_550);
        assertThat(p.lagSeconds()).isBetween(0.0, 60.0).isCloseTo(60.0 - 60.0 * 50 / 39_600, within(1e-6));
        assertThat(p.lagSecondsAtLeast()).isFalse();
    }

    @Test
    void productionResumingAfterAPauseIsDatedFromTheLastIdleSnapshot() {
        // log end stuck at 100 until 120 s, then 100 more by 180 s: message 150 came at about 150 s
        PartitionLag p = only(minutes(new long[] {100, 100, 100, 200}, new long[] {90, 100, 120, 150}, true));

        assertThat(p.lagSeconds()).isCloseTo(30.0, within(1e-9));
        assertThat(p.lagSecondsAtLeast()).isFalse();
    }

    @Test
    void singleSnapshotCannotDateTheMessage() {
        PartitionLag p = only(minutes(new long[] {1000}, new long[] {400}, true));

        assertThat(p.lag()).isEqualTo(600);
        assertThat(p.lagSeconds()).isNull();
        assertThat(p.lagSecondsAtLeast()).isFalse();
    }

    @Test
    void exactAppendTimeWins() {
        Snapshot s = at(0).topic("orders", 1000).offsetTime("orders", 0, 400, T0.minusSeconds(30))
                .group(group("g1").member(member("m1", tp("orders", 0))).commit("orders", 0, 400)).build();

        PartitionLag p = only(SnapshotHistory.of(s));

        assertThat(p.lagSeconds()).isEqualTo(30.0);
        assertThat(p.lagSecondsAtLeast()).isFalse();
    }

    @Test
    void exactPointFromAnOlderSnapshotAnchorsInterpolation() {
        // message 200 appended 100 s before T0 (seen by the first snapshot); log end 1000 at 100 s
        Snapshot first = at(0).topic("orders", 500).offsetTime("orders", 0, 200, T0.minusSeconds(100))
                .group(group("g1").member(member("m1")).commit("orders", 0, 100)).build();
        Snapshot second = at(100).topic("orders", 1000)
                .group(group("g1").member(member("m1")).commit("orders", 0, 350)).build();

        PartitionLag p = only(SnapshotHistory.of(first, second));

        // 350 lies between exact (200, -100 s) and log end (500, 0 s): appended at -50 s, 150 s before now
        assertThat(p.lagSeconds()).isCloseTo(150.0, within(1e-9));
    }

    @Test
    void recreatedTopicForgetsTheOldTimeline() {
        PartitionLag p = only(minutes(new long[] {1000, 10, 20}, new long[] {900, 5, 5}, true));

        // only the log ends after the drop date message 5: it existed by 60 s
        assertThat(p.lagSeconds()).isEqualTo(60.0);
        assertThat(p.lagSecondsAtLeast()).isTrue();
    }

    @Test
    void growingLagWithMovingCommitsIsWarnWithPositiveTrend() {
        GroupLag g = evaluator.evaluate(minutes(new long[] {1000, 2000, 3000, 4000, 5000},
                new long[] {500, 1000, 1500, 2000, 2500}, true)).get(0);

        assertThat(g.status()).isEqualTo(GroupStatus.WARN);
        assertThat(g.partitions().get(0).trendPerMinute()).isCloseTo(500.0, within(1e-9));
        assertThat(g.trendPerMinute()).isCloseTo(500.0, within(1e-9));
    }

    @Test
    void shrinkingLagIsOkWithNegativeTrend() {
        GroupLag g = evaluator.evaluate(minutes(new long[] {6000, 6000, 6000, 6000, 6000},
                new long[] {1000, 2000, 3000, 4000, 5000}, true)).get(0);

        assertThat(g.status()).isEqualTo(GroupStatus.OK);
        assertThat(g.trendPerMinute()).isCloseTo(-1000.0, within(1e-9));
    }

    @Test
    void frozenOffsetWithMembersIsStall() {
        PartitionLag p = only(minutes(new long[] {100, 200, 300}, new long[] {50, 50, 50}, true));

        assertThat(p.status()).isEqualTo(GroupStatus.STALL);
    }

    @Test
    void frozenOffsetWithoutMembersIsStop() {
        PartitionLag p = only(minutes(new long[] {100, 200, 300}, new long[] {50, 50, 50}, false));

        assertThat(p.status()).isEqualTo(GroupStatus.STOP);
    }

    @Test
    void decreasingCommitIsRewind() {
        PartitionLag p = only(minutes(new long[] {1000, 1000, 1000}, new long[] {500, 600, 300}, true));

        assertThat(p.status()).isEqualTo(GroupStatus.REWIND);
    }

    @Test
    void zeroLagAnywhereInTheWindowIsOk() {
        PartitionLag p = only(minutes(new long[] {50, 100, 150}, new long[] {50, 50, 50}, true));

        assertThat(p.status()).isEqualTo(GroupStatus.OK);
    }

    @Test
    void singleSnapshotIsStopOnlyWithoutMembers() {
        assertThat(only(minutes(new long[] {100}, new long[] {40}, false)).status()).isEqualTo(GroupStatus.STOP);
        assertThat(only(minutes(new long[] {100}, new long[] {40}, true)).status()).isEqualTo(GroupStatus.OK);
    }

    @Test
    void snapshotsOutsideTheWindowAreNotJudged() {
        // a rewind at 0 s -> 400 s is older than the 5 minute window ending at 700 s
        long[] logEnds = {1000, 1000, 1200, 1400, 1600};
        long[] commits = {900, 100, 200, 300, 400};
        long[] times = {0, 400, 500, 600, 700};
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            snapshots.add(at(times[i]).topic("orders", logEnds[i])
                    .group(group("g1").member(member("m1")).commit("orders", 0, commits[i])).build());
        }

        PartitionLag p = only(SnapshotHistory.of(snapshots.toArray(Snapshot[]::new)));

        assertThat(p.status()).isEqualTo(GroupStatus.WARN); // lag 900, 1000, 1100, 1200 with moving commits
    }

    @Test
    void groupStatusIsTheWorstPartition() {
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            snapshots.add(at(60L * i).topic("orders", 100L * (i + 1), 10)
                    .group(group("g1").member(member("m1")).commit("orders", 0, 50).commit("orders", 1, 10)).build());
        }

        GroupLag g = evaluator.evaluate(SnapshotHistory.of(snapshots.toArray(Snapshot[]::new))).get(0);

        assertThat(g.partitions()).extracting(PartitionLag::status).containsExactly(GroupStatus.STALL, GroupStatus.OK);
        assertThat(g.status()).isEqualTo(GroupStatus.STALL);
        assertThat(g.totalLag()).isEqualTo(250);
    }

    @Test
    void rebalancesCountGenerationChangesWithinTheWindow() {
        int[] epochs = {1, 2, 2, 3, -2, 3, 4};   // -2: group absent from that snapshot
        long[] times = {0, 400, 460, 520, 580, 640, 700}; // 0 s is outside the window
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            var b = at(times[i]).topic("orders", 10);
            if (epochs[i] != -2) {
                b.group(group("g1").epoch(epochs[i]).member(member("m1")).commit("orders", 0, 10));
            }
            snapshots.add(b.build());
        }

        GroupLag g = evaluator.evaluate(SnapshotHistory.of(snapshots.toArray(Snapshot[]::new))).get(0);

        assertThat(g.rebalances()).isEqualTo(2); // 2->3 and 3->4; the gap and the old 1->2 do not count
    }

    @Test
    void classicGroupsRebalanceWhenAssignmentsChange() {
        Snapshot a = at(0).topic("orders", 10, 10)
                .group(group("g1").member(member("m1", tp("orders", 0), tp("orders", 1))).commit("orders", 0, 10)).build();
        Snapshot b = at(60).topic("orders", 10, 10)
                .group(group("g1").member(member("m1", tp("orders", 0))).member(member("m2", tp("orders", 1)))
                        .commit("orders", 0, 10)).build();

        assertThat(evaluator.evaluate(SnapshotHistory.of(a, b, b)).get(0).rebalances()).isEqualTo(1);
    }

    @Test
    void maxLagSecondsIsUnknownWhenNoLaggingPartitionCanBeDated() {
        Snapshot s = at(0).topic("orders", 100, 10)
                .group(group("g1").member(member("m1")).commit("orders", 0, 40).commit("orders", 1, 10)).build();

        GroupLag g = evaluator.evaluate(SnapshotHistory.of(s)).get(0);

        assertThat(g.partitions().get(1).lagSeconds()).isEqualTo(0.0);
        assertThat(g.maxLagSeconds()).isNull();
    }

    @Test
    void theSameHistoryIsJudgedOnceAndANewOneAfresh() {
        Snapshot a = at(0).topic("orders", 100).group(group("g1").member(member("m1")).commit("orders", 0, 40)).build();
        Snapshot b = at(60).topic("orders", 160).group(group("g1").member(member("m1")).commit("orders", 0, 40)).build();
        SnapshotHistory first = SnapshotHistory.of(a);

        List<GroupLag> once = evaluator.evaluate(first);

        assertThat(evaluator.evaluate(first)).isSameAs(once);
        assertThat(evaluator.evaluate(first.with(b)).get(0).totalLag()).isEqualTo(120);
    }

    @Test
    void aCompactedHistoryIsJudgedAsTheSnapshotsItWasMadeOf() {
        List<Snapshot> raw = new ArrayList<>();
        long[][] commits = {{10, 40, 5}, {20, 40, 5}, {30, 40, 3}, {45, 40, 9}};
        for (int i = 0; i < commits.length; i++) {
            var billing = group("billing").member(member("m1", tp("orders", 0), tp("orders", 1)))
                    .commit("orders", 0, commits[i][0]).commit("orders", 1, commits[i][1]);
            var audit = group("audit").commit("orders", 0, commits[i][2]);
            if (i == 2) {
                audit.commit("orders", 1, 7); // its partitions change for one cycle
            }
            raw.add(at(60L * i).topic("orders", 50 + 10 * i, 60).group(billing).group(audit).build());
        }
        io.warden.snapshot.SnapshotCompactor compactor = new io.warden.snapshot.SnapshotCompactor();
        SnapshotHistory compacted = SnapshotHistory.of(raw.stream().map(compactor::compact).toArray(Snapshot[]::new));

        List<GroupLag> expected = new LagEvaluator(CheckSettings.defaults()).evaluate(SnapshotHistory.of(raw.toArray(Snapshot[]::new)));
        assertThat(evaluator.evaluate(compacted)).isEqualTo(expected);
        assertThat(expected.get(1).partitions()).extracting(PartitionLag::status)
                .containsExactly(GroupStatus.OK, GroupStatus.STALL);
    }
}
