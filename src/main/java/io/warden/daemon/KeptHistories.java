package io.warden.daemon;

import io.warden.snapshot.SnapshotHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The snapshots of each cluster whose watch stopped because a state write was refused, for this
 * instance's next watch of the same cluster: the group gives it back at once when it still
 * assigns it, and the lag window (trend, status, rebalances) need not start over. Only the window
 * is kept: what was told and healed comes from the cluster's state in the fleet, as for any new
 * owner. A history older than the window is of no use and is dropped; one cluster lost in any
 * other way is forgotten, as another instance watches it now.
 */
final class KeptHistories {

    private final Map<String, SnapshotHistory> kept = new ConcurrentHashMap<>();
    private final Duration window;

    /** @param window the lag window: a history whose latest snapshot is older is not continued */
    KeptHistories(Duration window) {
        this.window = window;
    }

    /** The watch of {@code cluster} stopped ({@code why}: refused, revoked, lost, left, closing) holding {@code history}. */
    void stopped(String cluster, String why, SnapshotHistory history) {
        if ("refused".equals(why) && history != null && !history.isEmpty()) {
            kept.put(cluster, history);
        } else {
            kept.remove(cluster);
        }
    }

    /** The history to continue the next watch of {@code cluster} from at {@code now}, or null; each is taken once. */
    SnapshotHistory take(String cluster, Instant now) {
        SnapshotHistory h = kept.remove(cluster);
        return h == null || h.latest().takenAt().isBefore(now.minus(window)) ? null : h;
    }
}
