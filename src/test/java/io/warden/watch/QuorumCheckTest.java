package io.warden.watch;

import static io.warden.watch.Snapshots.T0;
import static io.warden.watch.Snapshots.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.QuorumState;
import io.warden.snapshot.QuorumState.QuorumReplica;
import io.warden.snapshot.SnapshotHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumCheckTest {

    private final QuorumCheck check = new QuorumCheck(CheckSettings.defaults());

    /** The leader answers at {@code leaderNow}; each follower last caught up {@code agoMillis[i]} before it. */
    private static QuorumState quorum(long leaderNow, long epoch, long... agoMillis) {
        List<QuorumReplica> voters = new ArrayList<>();
        voters.add(new QuorumReplica(1, null, 1_000, 0, leaderNow, leaderNow));
        for (int i = 0; i < agoMillis.length; i++) {
            long ago = agoMillis[i];
            long lag = ago > 1_000 ? ago / 500 : 0;
            voters.add(new QuorumReplica(i + 2, null, 1_000 - lag, lag, leaderNow - ago, leaderNow - ago));
        }
        return new QuorumState(1, epoch, 1_000, voters, List.of(new QuorumReplica(100, "dir", 1_000, 0, leaderNow, leaderNow)));
    }

    private static long millis(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    private List<Finding> judge(QuorumState q) {
        return check.evaluate(SnapshotHistory.of(at(0).quorum(q).build()));
    }

    @Test
    void healthyQuorumHasNoFinding() {
        assertThat(judge(quorum(millis(0), 7, 200, 300))).isEmpty();
        assertThat(Checks.defaults(CheckSettings.defaults())).extracting(Check::name).contains(QuorumCheck.NAME);
    }

    @Test
    void voterBehindForExactlyTheTimeoutStillCounts() {
        assertThat(judge(quorum(millis(0), 7, 30_000, 100))).isEmpty();
    }

    @Test
    void voterBehindLongerThanTheTimeoutIsLaggingAndLeavesThreeVotersOneFailureFromLosingTheirMajority() {
        List<Finding> findings = judge(quorum(millis(0), 7, 30_001, 100));

        assertThat(findings).extracting(Finding::key).containsExactly("quorum-voter-lagging/voter=2", "quorum-majority-at-risk");
        Finding lagging = findings.get(0);
        assertThat(lagging.severity()).isEqualTo(Severity.WARNING);
        assertThat(lagging.value()).isEqualTo(30.001);
        assertThat(lagging.labels()).containsEntry("voter", "2");
        assertThat(lagging.message()).contains("KRaft voter 2 not caught up for 30s, 60 records behind (leader 1)");
        Finding risk = findings.get(1);
        assertThat(risk.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(risk.value()).isZero();
        assertThat(risk.message()).startsWith("KRaft quorum is one voter failure from losing its majority: 2 of 3 voters caught up, 2 needed; "
                + "not caught up: 2 not caught up for 30s");
        assertThat(risk.evidence()).containsEntry("majority", 2).containsEntry("caughtUpVoters", 2).containsEntry("failuresTolerated", 0);
    }

    @Test
    void fiveVotersSurviveOneLaggingVoterButNotTwo() {
        assertThat(judge(quorum(millis(0), 7, 60_000, 100, 100, 100))).extracting(Finding::key)
                .containsExactly("quorum-voter-lagging/voter=2");

        assertThat(judge(quorum(millis(0), 7, 60_000, 45_000, 100, 100))).extracting(Finding::key)
                .containsExactly("quorum-voter-lagging/voter=2", "quorum-voter-lagging/voter=3", "quorum-majority-at-risk");
    }

    @Test
    void quorumWithMoreLostVotersThanItTolerates_saysItsMajorityIsLost() {
        Finding risk = judge(quorum(millis(0), 7, 60_000, 60_000)).stream()
                .filter(f -> f.key().equals("quorum-majority-at-risk")).findFirst().orElseThrow();

        assertThat(risk.value()).isEqualTo(-1);
        assertThat(risk.message()).contains("has lost its majority: 1 of 3 voters caught up, 2 needed");
    }

    @Test
    void agesAreMeasuredOnTheLeadersClockSoWardensClockSkewRaisesNothing() {
        // Warden's clock is 10 minutes ahead of the controllers'
        assertThat(judge(quorum(millis(-600), 7, 200, 300))).isEmpty();
    }

    @Test
    void withoutTheLeadersTimestampAgesAreMeasuredAgainstTheSnapshot() {
        var q = new QuorumState(1, 7, 1_000, List.of(new QuorumReplica(1, null, 1_000, 0, -1, -1),
                new QuorumReplica(2, null, 990, 10, millis(-31), millis(-31)),
                new QuorumReplica(3, null, 1_000, 0, millis(-1), millis(-1))), List.of());

        assertThat(judge(q)).extracting(Finding::key).contains("quorum-voter-lagging/voter=2");
    }

    @Test
    void voterWithoutACatchUpTimeIsLaggingOnlyOnceTheHistoryShowsItBehindLongerThanTheTimeout() {
        QuorumReplica unknownBehind = new QuorumReplica(2, null, 900, 100, -1, -1);
        QuorumReplica unknownCaughtUp = new QuorumReplica(2, null, 1_000, 0, -1, -1);

        assertThat(judge(new QuorumState(1, 7, 1_000, List.of(leaderAt(0), unknownCaughtUp, healthyAt(0)), List.of()))).isEmpty();
        var behind30 = new SnapshotHistory(List.of(withUnknown(0, 7, unknownBehind), withUnknown(30, 7, unknownBehind)), 10);
        assertThat(check.evaluate(behind30)).isEmpty();

        assertThat(check.evaluate(behind30.with(withUnknown(31, 7, unknownBehind)))).extracting(Finding::key)
                .containsExactly("quorum-voter-lagging/voter=2", "quorum-majority-at-risk");
        // a new leader epoch starts the count again
        assertThat(check.evaluate(behind30.with(withUnknown(31, 8, unknownBehind)))).isEmpty();
    }

    private static io.warden.snapshot.Snapshot withUnknown(long seconds, long epoch, QuorumReplica voter) {
        return at(seconds).quorum(new QuorumState(1, epoch, 1_000, List.of(leaderAt(seconds), voter, healthyAt(seconds)), List.of()))
                .build();
    }

    private static QuorumReplica healthyAt(long seconds) {
        return new QuorumReplica(3, null, 1_000, 0, millis(seconds), millis(seconds));
    }

    private static QuorumReplica leaderAt(long seconds) {
        return new QuorumReplica(1, null, 1_000, 0, millis(seconds), millis(seconds));
    }

    @Test
    void evenNumberOfVotersIsAWarningOddOrSingleIsNot() {
        Finding four = judge(quorum(millis(0), 7, 100, 100, 100)).get(0);
        assertThat(four.key()).isEqualTo("quorum-even-voters");
        assertThat(four.severity()).isEqualTo(Severity.WARNING);
        assertThat(four.value()).isEqualTo(4);
        assertThat(four.message()).contains("4 voters: it tolerates 1 voter failure(s), no more than 3 voters would");

        assertThat(judge(quorum(millis(0), 7, 100))).extracting(Finding::key).containsExactly("quorum-even-voters");
        assertThat(judge(quorum(millis(0), 7))).isEmpty();
        assertThat(judge(quorum(millis(0), 7, 100, 100, 100, 100))).isEmpty();
    }

    @Test
    void leaderlessOrUndescribedQuorumIsLeftToTheControllerCheck() {
        var leaderless = new QuorumState(-1, 7, 1_000, quorum(millis(0), 7, 60_000, 60_000).voters(), List.of());
        assertThat(judge(leaderless)).isEmpty();
        assertThat(check.evaluate(SnapshotHistory.of(at(0).quorum(null).build()))).isEmpty();
    }

    @Test
    void theTimeoutComesFromTheSettings() {
        var strict = new QuorumCheck(CheckSettings.defaults().withQuorumCatchUpTimeout(Duration.ofSeconds(2)));

        assertThat(strict.evaluate(SnapshotHistory.of(at(0).quorum(quorum(millis(0), 7, 2_001, 100, 100, 100)).build())))
                .extracting(Finding::key).containsExactly("quorum-voter-lagging/voter=2");
    }

    @Test
    void healthNamesEveryReplicaLikeDescribeReplication() {
        var health = QuorumHealth.of(SnapshotHistory.of(at(0).quorum(quorum(millis(0), 7, 40_000, 100)).build()),
                Duration.ofSeconds(30)).orElseThrow();

        assertThat(health.voters()).extracting(QuorumHealth.Replica::status).containsExactly("Leader", "Follower", "Follower");
        assertThat(health.observers()).extracting(QuorumHealth.Replica::status).containsExactly("Observer");
        assertThat(health.lostVoters()).extracting(QuorumHealth.Replica::nodeId).containsExactly(2);
        assertThat(health.voters().get(1).notCaughtUpMillis()).isEqualTo(40_000);
        assertThat(health.asOfMillis()).isEqualTo(millis(0));
    }
}
