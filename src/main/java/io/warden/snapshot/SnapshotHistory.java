package io.warden.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The snapshots of the most recent cycles, oldest first. Immutable: {@link #with} returns a new
 * history with one more snapshot, dropping the oldest beyond {@code capacity}.
 */
public record SnapshotHistory(List<Snapshot> snapshots, int capacity) {

    public SnapshotHistory {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        snapshots = List.copyOf(snapshots);
    }

    public static SnapshotHistory empty(int capacity) {
        return new SnapshotHistory(List.of(), capacity);
    }

    public static SnapshotHistory of(Snapshot... snapshots) {
        return new SnapshotHistory(List.of(snapshots), Math.max(1, snapshots.length));
    }

    public SnapshotHistory with(Snapshot snapshot) {
        List<Snapshot> next = new ArrayList<>(snapshots);
        next.add(snapshot);
        while (next.size() > capacity) {
            next.remove(0);
        }
        return new SnapshotHistory(next, capacity);
    }

    /**
     * This history with no groups in the snapshots taken before {@code instant}. A watch judges
     * groups only over its lag window, while it keeps snapshots longer for their log ends, brokers
     * and quorum; the groups' offsets would be most of what those older snapshots hold.
     */
    public SnapshotHistory withoutGroupsBefore(java.time.Instant instant) {
        List<Snapshot> next = new ArrayList<>(snapshots.size());
        boolean changed = false;
        for (Snapshot s : snapshots) {
            if (s.takenAt().isBefore(instant) && !s.groups().isEmpty()) {
                s = s.withGroups(List.of());
                changed = true;
            }
            next.add(s);
        }
        return changed ? new SnapshotHistory(next, capacity) : this;
    }

    public boolean isEmpty() {
        return snapshots.isEmpty();
    }

    public Snapshot latest() {
        if (snapshots.isEmpty()) {
            throw new NoSuchElementException("no snapshot taken yet");
        }
        return snapshots.get(snapshots.size() - 1);
    }

    /** The snapshots taken within {@code window} before the latest one, the latest included, oldest first. */
    public List<Snapshot> within(Duration window) {
        if (snapshots.isEmpty()) {
            return List.of();
        }
        var from = latest().takenAt().minus(window);
        return snapshots.stream().filter(s -> !s.takenAt().isBefore(from)).toList();
    }
}
