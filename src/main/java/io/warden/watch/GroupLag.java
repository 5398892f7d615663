package io.warden.watch;

import java.util.List;

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
}
