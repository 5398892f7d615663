package io.warden.server;

import io.warden.watch.GroupLag;
import io.warden.watch.PartitionLag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which partitions of a group get per-partition lag series ({@code kafka_consumergroup_lag},
 * {@code _lag_seconds}): every partition of a group one of {@code everyPartition} matches as a
 * whole, and otherwise the group's {@code worst} partitions by lag. A hundred thousand
 * group-partitions would otherwise make a scrape of two hundred thousand series, which
 * Prometheus operators answer by dropping the exporter; the group-level series carry the rest.
 *
 * @param everyPartition groups (regular expressions, matched against the whole name) exported in full
 * @param worst          how many of every other group's partitions are exported, the most lagging first; 0 for none
 */
public record PartitionSeries(List<Pattern> everyPartition, int worst) {

    /** No group in full, five partitions of each: {@code metrics:} left out. */
    public static final PartitionSeries DEFAULT = new PartitionSeries(List.of(), 5);

    /** Most messages behind first, then the oldest, then by name, so equal lags pick the same partitions every cycle. */
    static final Comparator<PartitionLag> WORST_FIRST = Comparator.comparingLong(PartitionLag::lag).reversed()
            .thenComparing(PartitionLag::lagSeconds, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition);

    public PartitionSeries {
        everyPartition = List.copyOf(everyPartition);
        if (worst < 0) {
            throw new IllegalArgumentException("worst partitions must be 0 or more, not " + worst);
        }
    }

    /**
     * One {@code metrics.partition-lag} entry as a pattern.
     *
     * @throws IllegalArgumentException with a one-line reason when it is not a regular expression
     */
    public static Pattern group(String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("empty; give a regular expression matching whole group names, e.g. payments-.*");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            // the exception's own message spans three lines (pattern and caret)
            throw new IllegalArgumentException("'" + regex + "' is not a regular expression: " + e.getDescription()
                    + " at index " + e.getIndex() + "; fix it or quote the name with \\Q...\\E");
        }
    }

    /** Whether every partition of {@code group} is exported. */
    public boolean everyPartition(String group) {
        for (Pattern p : everyPartition) {
            if (p.matcher(group).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The partitions of {@code g} that get series, worst first unless the group is exported in full. */
    public List<PartitionLag> exported(GroupLag g) {
        Objects.requireNonNull(g, "g");
        if (everyPartition(g.group())) {
            return g.partitions();
        }
        if (worst == 0) {
            return List.of();
        }
        // a heap of the worst seen so far, its head the mildest of them: O(n log worst) per group
        PriorityQueue<PartitionLag> kept = new PriorityQueue<>(worst + 1, WORST_FIRST.reversed());
        for (PartitionLag p : g.partitions()) {
            kept.add(p);
            if (kept.size() > worst) {
                kept.poll();
            }
        }
        List<PartitionLag> out = new ArrayList<>(kept);
        out.sort(WORST_FIRST);
        return out;
    }
}
