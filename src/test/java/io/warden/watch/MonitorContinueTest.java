package io.warden.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.SnapshotHistory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Given the history of an earlier watch of a cluster, when a new watch continues from it, then its
 * first cycle judges over both (a lag trend is known at once) and expects the brokers seen before.
 */
class MonitorContinueTest {

    @Test
    void aWatchThatContinuesAnEarlierOneJudgesOverBothAndExpectsItsBrokers() {
        SnapshotHistory earlier = SnapshotHistory.empty(10)
                .with(Snapshots.at(0).live(1, 2).topic("orders", 100).group(Snapshots.group("billing").commit("orders", 0, 0)).build())
                .with(Snapshots.at(10).live(1, 2).topic("orders", 200).group(Snapshots.group("billing").commit("orders", 0, 0)).build());
        AtomicReference<Set<Integer>> asked = new AtomicReference<>();
        Monitor monitor = new Monitor(expected -> {
            asked.set(expected);
            return Snapshots.at(20).live(1).topic("orders", 300).group(Snapshots.group("billing").commit("orders", 0, 0)).build();
        }, List.of(), new LagEvaluator(CheckSettings.defaults()), 10, Set.of());

        monitor.continueFrom(earlier);
        CycleResult result = monitor.runCycle();

        assertThat(result.history().snapshots()).hasSize(3);
        assertThat(asked.get()).containsExactlyInAnyOrder(1, 2);
        assertThat(result.lags()).singleElement().satisfies(g -> assertThat(g.trendPerMinute()).isPositive());
    }
}
