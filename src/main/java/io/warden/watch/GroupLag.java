package io.warden.watch;

import io.warden.snapshot.GroupType;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Lag of one group over all partitions it has offsets for (committed offsets, or a share group's
 * start offsets).
 *
 * @param type           CLASSIC, CONSUMER, SHARE or STREAMS
 * @param state          Kafka's group state (STABLE, EMPTY, ASSIGNING, ...)
 * @param status         the worst partition status
 * @param totalLag       sum of known partition lags
 * @param maxLagSeconds  the oldest unconsumed message over all partitions, null when unknown
 * @param trendPerMinute sum of partition trends, messages per minute
 * @param rebalances     generation changes seen within the window
 * @param problem        why the group could not be described, else null
 */
public record GroupLag(String group, GroupType type, String state, int members, GroupStatus status, long totalLag,
                       Double maxLagSeconds, double trendPerMinute, int rebalances, List<PartitionLag> partitions,
                       String problem) {

    public GroupLag {
        partitions = List.copyOf(partitions);
    }

    /**
     * A group's lag from its partitions: the worst status, the sum of known lags and trends, and the
     * oldest unconsumed message — 0 when every partition is caught up, unknown when no lagging
     * partition can be dated (a caught-up partition's 0 s never hides an undatable one).
     */
    public static GroupLag of(String group, GroupType type, String state, int members, int rebalances,
                              List<PartitionLag> partitions, String problem) {
        GroupStatus status = partitions.stream().map(PartitionLag::status)
                .max(Comparator.comparingInt(GroupStatus::badness)).orElse(GroupStatus.OK);
        long total = partitions.stream().mapToLong(PartitionLag::lag).filter(l -> l > 0).sum();
        double trend = partitions.stream().mapToDouble(PartitionLag::trendPerMinute).sum();
        return new GroupLag(group, type, state, members, status, total, maxLagSeconds(partitions), trend, rebalances,
                partitions, problem);
    }

    /** The same group with only the partitions {@code keep} accepts, its totals recomputed. */
    public GroupLag only(Predicate<PartitionLag> keep) {
        return of(group, type, state, members, rebalances, partitions.stream().filter(keep).toList(), problem);
    }

    private static Double maxLagSeconds(List<PartitionLag> partitions) {
        List<PartitionLag> lagging = partitions.stream().filter(p -> p.lag() > 0).toList();
        if (lagging.isEmpty()) {
            return partitions.stream().anyMatch(p -> p.lag() == 0) ? 0.0 : null;
        }
        return lagging.stream().map(PartitionLag::lagSeconds).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }
}
