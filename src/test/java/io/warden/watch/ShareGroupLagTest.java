package io.warden.watch;

import static io.warden.watch.Snapshots.at;
import static io.warden.watch.Snapshots.group;
import static io.warden.watch.Snapshots.member;
import static io.warden.watch.Snapshots.tp;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.GroupType;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A share group is judged by its start offset and the lag its broker reports: records past the
 * start offset that members already acknowledged are not lag, so consumer-group arithmetic
 * (log end - offset) would call a healthy share group stalled.
 */
class ShareGroupLagTest {

    private final LagEvaluator evaluator = new LagEvaluator(CheckSettings.defaults()); // 5 minute window

    /** One snapshot a minute of topic jobs-0 (log ends) and share group q (start offsets, reported lags). */
    private static SnapshotHistory minutes(long[] logEnds, long[] starts, long[] lags, boolean members) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < logEnds.length; i++) {
            var g = group("q").shareStart("jobs", 0, starts[i], lags[i]);
            if (members) {
                g.member(member("m1", tp("jobs", 0))).member(member("m2", tp("jobs", 0)));
            }
            snapshots.add(at(60L * i).topic("jobs", logEnds[i]).group(g).build());
        }
        return SnapshotHistory.of(snapshots.toArray(Snapshot[]::new));
    }

    private GroupLag judge(SnapshotHistory history) {
        List<GroupLag> lags = evaluator.evaluate(history);
        assertThat(lags).hasSize(1);
        return lags.get(0);
    }

    @Test
    void lagIsTheBrokersCountNotLogEndMinusStartOffset() {
        GroupLag q = judge(minutes(new long[] {100}, new long[] {40}, new long[] {12}, true));

        assertThat(q.type()).isEqualTo(GroupType.SHARE);
        PartitionLag p = q.partitions().get(0);
        assertThat(p.committed()).isEqualTo(40);
        assertThat(p.logEndOffset()).isEqualTo(100);
        assertThat(p.lag()).isEqualTo(12);
        assertThat(q.totalLag()).isEqualTo(12);
        assertThat(q.members()).isEqualTo(2);
    }

    @Test
    void startOffsetFrozenWhileLagStaysPositiveWithMembersIsStall() {
        GroupLag q = judge(minutes(new long[] {100, 110, 120}, new long[] {40, 40, 40}, new long[] {30, 40, 50}, true));

        assertThat(q.status()).isEqualTo(GroupStatus.STALL);
    }

    @Test
    void startOffsetFrozenWhileLagStaysPositiveWithoutMembersIsStop() {
        GroupLag q = judge(minutes(new long[] {100, 110, 120}, new long[] {40, 40, 40}, new long[] {60, 70, 80}, false));

        assertThat(q.status()).isEqualTo(GroupStatus.STOP);
    }

    @Test
    void startOffsetStuckOnOneRecordWhileEverythingAfterIsAcknowledgedIsNotStall() {
        // a record held at offset 40 (a slow or poisoned delivery) pins the start offset; the rest is done
        GroupLag q = judge(minutes(new long[] {100, 110, 120}, new long[] {40, 40, 40}, new long[] {0, 0, 0}, true));

        assertThat(q.partitions().get(0).lag()).isZero();
        assertThat(q.status()).isEqualTo(GroupStatus.OK);
    }

    @Test
    void movingStartOffsetIsOkEvenWhileLagHolds() {
        GroupLag q = judge(minutes(new long[] {100, 150, 200}, new long[] {40, 90, 140}, new long[] {50, 50, 50}, true));

        assertThat(q.status()).isEqualTo(GroupStatus.OK);
    }

    @Test
    void lagTheBrokerDoesNotReportIsUnknownAndNotJudged() {
        var history = SnapshotHistory.of(at(0).topic("jobs", 100)
                .group(group("q").type(GroupType.SHARE).member(member("m1", tp("jobs", 0))).commit("jobs", 0, 40)).build(),
                at(60).topic("jobs", 120)
                        .group(group("q").type(GroupType.SHARE).member(member("m1", tp("jobs", 0))).commit("jobs", 0, 40)).build());

        GroupLag q = judge(history);

        assertThat(q.partitions().get(0).lag()).isEqualTo(-1);
        assertThat(q.status()).isEqualTo(GroupStatus.OK);
    }

    @Test
    void theLagCheckReportsAStalledShareGroup() {
        var check = new ConsumerLagCheck(CheckSettings.defaults());

        var findings = check.evaluate(minutes(new long[] {100, 110, 120}, new long[] {40, 40, 40}, new long[] {30, 40, 50}, true));

        assertThat(findings).extracting(Finding::key).contains("consumer-status/group=q");
        assertThat(findings).filteredOn(f -> f.key().equals("consumer-status/group=q")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("share group q is STALL").contains("start offset"));
    }
}
