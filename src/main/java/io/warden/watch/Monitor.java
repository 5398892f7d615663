package io.warden.watch;

import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotCompactor;
import io.warden.snapshot.SnapshotHistory;
import io.warden.snapshot.SnapshotSource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One watch cycle: collect a snapshot, add it to the history, run every check. The monitor owns
 * the history and the set of brokers ever seen, so it must be driven by one thread (the watch
 * loop); what it returns is immutable and safe to hand to any reader.
 */
public final class Monitor {

    private final SnapshotSource source;
    private final List<Check> checks;
    private final LagEvaluator lagEvaluator;
    private final Set<Integer> expectedBrokers;
    private final SnapshotCompactor compactor = new SnapshotCompactor();
    private SnapshotHistory history;

    /**
     * @param expectedBrokers brokers configured as required; every broker seen later is added, so a
     *                        broker that disappears is reported even when nobody configured it
     */
    public Monitor(SnapshotSource source, List<Check> checks, LagEvaluator lagEvaluator, int historyCapacity,
                   Set<Integer> expectedBrokers) {
        this.source = source;
        this.checks = List.copyOf(checks);
        this.lagEvaluator = lagEvaluator;
        this.expectedBrokers = new TreeSet<>(expectedBrokers);
        this.history = SnapshotHistory.empty(historyCapacity);
    }

    public CycleResult runCycle() {
        Snapshot snapshot = source.collect(Set.copyOf(expectedBrokers));
        snapshot.cluster().brokers().stream().map(BrokerInfo::id).forEach(expectedBrokers::add);
        expectedBrokers.addAll(snapshot.cluster().expectedBrokerIds());
        // groups are judged over the lag window only: older snapshots need not keep their offsets
        history = history.with(compactor.compact(snapshot))
                .withoutGroupsBefore(snapshot.takenAt().minus(lagEvaluator.settings().window()));
        return CycleResult.judge(history, lagEvaluator, checks);
    }

    /**
     * Continues from {@code earlier}, the history of a previous watch of the same cluster, so the
     * windows (lag trend, group status, rebalances) span both; the brokers it saw are expected too.
     * Call before the first cycle.
     */
    public void continueFrom(SnapshotHistory earlier) {
        SnapshotHistory next = SnapshotHistory.empty(history.capacity());
        for (Snapshot s : earlier.snapshots()) {
            next = next.with(s);
            s.cluster().brokers().stream().map(BrokerInfo::id).forEach(expectedBrokers::add);
        }
        history = next;
    }

    public SnapshotHistory history() {
        return history;
    }
}
