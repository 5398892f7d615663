package io.warden.watch;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Lag of one consumer group over all partitions it has committed offsets for.
 *
 * @param state          Kafka's group state (STABLE, EMPTY, ...)
 * @param status         the worst partition status
 * @param totalLag       sum of known partition lags
 * @param maxLagSeconds  the oldest unconsumed message over all partitions, null when unknown
 * @param trendPerMinute sum of partition trends, messages per minute
 * @param rebalances     generation changes seen within the window
 */
public record GroupLag(String group, String state, int members, GroupStatus status, long totalLag,
                       Double maxLagSeconds, double trendPerMinute, int rebalances, List<PartitionLag> partitions) {

    public GroupLag {
        partitions = List.copyOf(partitions);
    }

    /**
     * A group's lag from its partitions: the worst status, the sum of known lags and trends, and the
     * oldest unconsumed message — 0 when every partition is caught up, unknown when no lagging
     * partition can be dated (a caught-up partition's 0 s never hides an undatable one).
     */
    public static GroupLag of(String group, String state, int members, int rebalances, List<PartitionLag> partitions) {
        GroupStatus status = partitions.stream().map(PartitionLag::status)
                .max(Comparator.comparingInt(GroupStatus::badness)).orElse(GroupStatus.OK);
        long total = partitions.stream().mapToLong(PartitionLag::lag).filter(l -> l > 0).sum();
        double trend = partitions.stream().mapToDouble(PartitionLag::trendPerMinute).sum();
        return new GroupLag(group, state, members, status, total, maxLagSeconds(partitions), trend, rebalances, partitions);
    }

    /** The same group with only the partitions {@code keep} accepts, its totals recomputed. */
    public GroupLag only(Predicate<PartitionLag> keep) {
        return of(group, state, members, rebalances, partitions.stream().filter(keep).toList());
    }

    private static Double maxLagSeconds(List<PartitionLag> partitions) {
        List<PartitionLag> lagging = partitions.stream().filter(p -> p.lag() > 0).toList();
        if (lagging.isEmpty()) {
            return partitions.stream().anyMatch(p -> p.lag() == 0) ? 0.0 : null;
        }
        return lagging.stream().map(PartitionLag::lagSeconds).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }
}
