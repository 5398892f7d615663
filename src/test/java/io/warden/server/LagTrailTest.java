package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.CycleResult;
import io.warden.watch.GroupLag;
import io.warden.watch.GroupStatus;
import io.warden.watch.PartitionLag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console's lag chart data: one point per cycle, with the group's status, as far back as the cycle's history reaches. */
class LagTrailTest {

    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void keepsEachGroupsLagPerCycleAndForgetsWhatTheHistoryNoLongerHolds() {
        LagTrail trail = new LagTrail();
        List<Snapshot> kept = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            kept.add(snapshot(T0.plusSeconds(10L * i)));
            if (kept.size() > 3) { // a history of capacity 3
                kept.remove(0);
            }
            Double seconds = i == 2 ? null : 1.5 * i;
            trail.add(new CycleResult(new SnapshotHistory(kept, 3), List.of(lag("billing", 100L * i, seconds,
                    i < 3 ? GroupStatus.OK : GroupStatus.STALL), lag("audit", 7, 0.0, GroupStatus.OK)), List.of()));
        }

        assertThat(trail.of("billing")).containsExactly(
                new LagTrail.Point(T0.plusSeconds(20).toEpochMilli(), 200, null, GroupStatus.OK),
                new LagTrail.Point(T0.plusSeconds(30).toEpochMilli(), 300, 4.5, GroupStatus.STALL),
                new LagTrail.Point(T0.plusSeconds(40).toEpochMilli(), 400, 6.0, GroupStatus.STALL));
        assertThat(trail.of("audit")).extracting(LagTrail.Point::lag).containsExactly(7L, 7L, 7L);
        assertThat(trail.of("nobody")).isEmpty();
    }

    private static Snapshot snapshot(Instant at) {
        return new Snapshot(at, new ClusterInfo("c", List.of(), Set.of(), null, null), List.of(), List.of(), List.of(),
                Map.of(), List.of(), 1, null);
    }

    private static GroupLag lag(String group, long lag, Double seconds, GroupStatus status) {
        var p = new PartitionLag(group, "orders", 0, 0, lag, lag, seconds, false, 0, status, null, null, null);
        return GroupLag.of(group, GroupType.CONSUMER, "STABLE", 1, 0, List.of(p), null);
    }
}
