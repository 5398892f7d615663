package io.warden.watch;

import io.warden.snapshot.QuorumState;
import io.warden.snapshot.QuorumState.QuorumReplica;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The KRaft metadata quorum judged against the catch-up timeout: which voters still count toward the
 * majority and how many more voter failures it survives. Pure, from the snapshot history, so the
 * quorum check, {@code status}, {@code verify} and the metrics agree on every number.
 *
 * <p>A voter counts as caught up while the leader saw it caught up within {@code catchUpTimeout}.
 * Its age is measured against the leader's own timestamp in the same answer (the leader reports
 * itself caught up at the moment it answers), so a clock difference between Warden and the
 * controllers does not make healthy voters look behind; without one, against the snapshot's time.
 * A voter whose catch-up time the leader does not know (just after an election) counts as caught
 * up while its lag is 0, otherwise for as long as the history shows it behind.
 *
 * @param voters            the voters, leader first, with what {@code describe --replication} shows
 * @param observers         brokers (and controllers that are not voters) replicating the log
 * @param caughtUpVoters    voters that count toward the majority
 * @param majority          voters needed to elect a leader and commit metadata
 * @param failuresTolerated further voter failures the quorum survives; negative when it has lost its majority
 * @param asOfMillis        the instant the ages are measured from (epoch millis, the leader's clock when known)
 */
public record QuorumHealth(int leaderId, long leaderEpoch, long highWatermark, List<Replica> voters,
                           List<Replica> observers, int caughtUpVoters, int majority, int failuresTolerated,
                           Duration catchUpTimeout, long asOfMillis) {

    public QuorumHealth {
        voters = List.copyOf(voters);
        observers = List.copyOf(observers);
    }

    /**
     * One replica of the metadata log: the columns of {@code kafka-metadata-quorum describe --replication}
     * (timestamps in epoch millis of the leader's clock, -1 when unknown), and Warden's judgement.
     *
     * @param caughtUp          caught up within the timeout; for a voter, whether it counts toward the majority
     * @param notCaughtUpMillis how long it has been behind, 0 when caught up now
     */
    public record Replica(int nodeId, String directoryId, long logEndOffset, long lag, long lastFetchTimestamp,
                          long lastCaughtUpTimestamp, String status, boolean caughtUp, long notCaughtUpMillis) {
    }

    /** The quorum in the latest snapshot, or empty when it was not described or has no leader. */
    public static Optional<QuorumHealth> of(SnapshotHistory history, Duration catchUpTimeout) {
        if (history.isEmpty()) {
            return Optional.empty();
        }
        QuorumState q = history.latest().cluster().quorum();
        if (q == null || q.leaderId() < 0 || q.voters().isEmpty()) {
            return Optional.empty();
        }
        long now = reference(history.latest());
        List<Replica> voters = q.voters().stream()
                .sorted((a, b) -> Boolean.compare(b.nodeId() == q.leaderId(), a.nodeId() == q.leaderId()))
                .map(v -> judge(q, v, notCaughtUpMillis(history, v, now), catchUpTimeout)).toList();
        List<Replica> observers = q.observers().stream()
                .map(o -> judge(q, o, notCaughtUpMillis(history, o, now), catchUpTimeout)).toList();
        int caughtUp = (int) voters.stream().filter(Replica::caughtUp).count();
        int majority = voters.size() / 2 + 1;
        return Optional.of(new QuorumHealth(q.leaderId(), q.leaderEpoch(), q.highWatermark(), voters, observers,
                caughtUp, majority, caughtUp - majority, catchUpTimeout, now));
    }

    /** Voters that do not count toward the majority, in id order. */
    public List<Replica> lostVoters() {
        return voters.stream().filter(v -> !v.caughtUp()).sorted((a, b) -> Integer.compare(a.nodeId(), b.nodeId())).toList();
    }

    private static Replica judge(QuorumState q, QuorumReplica r, long behind, Duration timeout) {
        boolean leader = r.nodeId() == q.leaderId();
        return new Replica(r.nodeId(), r.directoryId(), r.logEndOffset(), r.lag(), r.lastFetchTimestamp(),
                r.lastCaughtUpTimestamp(), q.status(r), leader || behind <= timeout.toMillis(), leader ? 0 : behind);
    }

    /** The instant of the answer on the leader's clock when the leader reported it, else the snapshot's. */
    private static long reference(Snapshot s) {
        return s.cluster().quorum().leader().map(QuorumReplica::lastCaughtUpTimestamp).filter(t -> t > 0)
                .orElse(s.takenAt().toEpochMilli());
    }

    private static long notCaughtUpMillis(SnapshotHistory history, QuorumReplica r, long now) {
        if (r.lastCaughtUpTimestamp() >= 0) {
            return Math.max(0, now - r.lastCaughtUpTimestamp());
        }
        if (r.lag() == 0) {
            return 0;
        }
        // unknown catch-up time: behind since the oldest consecutive snapshot of this leader that showed it behind
        List<Snapshot> snapshots = history.snapshots();
        Snapshot latest = history.latest();
        Snapshot since = latest;
        for (int i = snapshots.size() - 2; i >= 0; i--) {
            QuorumState q = snapshots.get(i).cluster().quorum();
            if (q == null || q.leaderEpoch() != latest.cluster().quorum().leaderEpoch() || !behindUnknown(q, r.nodeId())) {
                break;
            }
            since = snapshots.get(i);
        }
        return Duration.between(since.takenAt(), latest.takenAt()).toMillis();
    }

    private static boolean behindUnknown(QuorumState q, int nodeId) {
        return q.voters().stream().anyMatch(v -> v.nodeId() == nodeId && v.lastCaughtUpTimestamp() < 0 && v.lag() > 0)
                || q.observers().stream().anyMatch(o -> o.nodeId() == nodeId && o.lastCaughtUpTimestamp() < 0 && o.lag() > 0);
    }
}
