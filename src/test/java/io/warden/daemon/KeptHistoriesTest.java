package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Given a cluster whose watch stopped on a refused write, when this instance watches it again
 * within the lag window, then the new watch continues the old one's history; otherwise it starts
 * afresh.
 */
class KeptHistoriesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final KeptHistories kept = new KeptHistories(Duration.ofMinutes(5));

    private static SnapshotHistory at(Instant t) {
        return SnapshotHistory.empty(5).with(new Snapshot(t, new ClusterInfo("c", List.of(), Set.of(), 1, null), List.of(),
                List.of(), List.of(), Map.of(), List.of(), 1, null));
    }

    @Test
    void aRefusedWatchIsContinuedOnceWithinTheWindow() {
        SnapshotHistory h = at(T0);
        kept.stopped("west", "refused", h);

        assertThat(kept.take("west", T0.plusSeconds(30))).isSameAs(h);
        assertThat(kept.take("west", T0.plusSeconds(31))).isNull();
    }

    @Test
    void aHistoryOlderThanTheWindowOrOfAClusterLostOtherwiseIsNotContinued() {
        kept.stopped("west", "refused", at(T0));
        assertThat(kept.take("west", T0.plus(Duration.ofMinutes(6)))).isNull();

        kept.stopped("east", "refused", at(T0));
        kept.stopped("east", "revoked", at(T0));
        assertThat(kept.take("east", T0.plusSeconds(1))).isNull();

        kept.stopped("north", "refused", null); // its loop did not stop in time: its history is not read
        assertThat(kept.take("north", T0.plusSeconds(1))).isNull();
    }
}
