package io.warden.server;

import io.warden.watch.CycleResult;
import io.warden.watch.GroupLag;
import io.warden.watch.GroupStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Each group's total lag, in messages and in seconds, and its status after each of one cluster's cycles, as far
 * back as the cycle's snapshot history reaches: what the console charts. Kept compact, a few arrays
 * per cycle, since a watch may keep hundreds of cycles of thousands of groups. One monitor thread
 * adds; readers see an immutable list swapped in whole.
 */
public final class LagTrail {

    /** A group's lag and status after one cycle; {@code lagSeconds} null when it could not be dated. */
    public record Point(long at, long lag, Double lagSeconds, GroupStatus status) {
    }

    private static final GroupStatus[] STATUSES = GroupStatus.values();

    private record Cycle(long at, String[] groups, long[] lags, double[] seconds, byte[] statuses) {
    }

    private final AtomicReference<List<Cycle>> cycles = new AtomicReference<>(List.of());

    /** Adds the lags {@code result} concluded, and forgets the cycles older than its history. */
    void add(CycleResult result) {
        if (result.history().isEmpty()) {
            return;
        }
        long at = result.history().latest().takenAt().toEpochMilli();
        long from = result.history().snapshots().get(0).takenAt().toEpochMilli();
        List<GroupLag> lags = result.lags();
        int n = lags.size();
        var cycle = new Cycle(at, new String[n], new long[n], new double[n], new byte[n]);
        for (int i = 0; i < lags.size(); i++) {
            GroupLag g = lags.get(i);
            cycle.groups()[i] = g.group();
            cycle.lags()[i] = g.totalLag();
            cycle.seconds()[i] = g.maxLagSeconds() == null ? Double.NaN : g.maxLagSeconds();
            cycle.statuses()[i] = (byte) g.status().ordinal();
        }
        List<Cycle> next = new ArrayList<>();
        for (Cycle c : cycles.get()) {
            if (c.at() >= from && c.at() < at) {
                next.add(c);
            }
        }
        next.add(cycle);
        cycles.set(List.copyOf(next));
    }

    /** The group's lag after each kept cycle that saw it, oldest first. */
    public List<Point> of(String group) {
        List<Point> points = new ArrayList<>();
        for (Cycle c : cycles.get()) {
            for (int i = 0; i < c.groups().length; i++) {
                if (c.groups()[i].equals(group)) {
                    double s = c.seconds()[i];
                    points.add(new Point(c.at(), c.lags()[i], Double.isNaN(s) ? null : s, STATUSES[c.statuses()[i]]));
                    break;
                }
            }
        }
        return points;
    }
}
