package io.warden.watch;

/**
 * Lag of one group on one partition.
 *
 * @param committed        committed offset, -1 when the group has none for this partition
 * @param logEndOffset     the partition's log end offset, -1 when unknown
 * @param lag              messages behind (log end - committed, never negative); -1 when unknown
 * @param lagSeconds       how old the next message to consume is, in seconds; null when unknown
 * @param lagSecondsAtLeast true when {@code lagSeconds} is a lower bound (the message is older than
 *                         anything the history can date)
 * @param trendPerMinute   change of lag in messages per minute over the window (positive = falling behind)
 * @param memberId         owner of the partition in the group, null when unassigned
 */
public record PartitionLag(String group, String topic, int partition, long committed, long logEndOffset,
                           long lag, Double lagSeconds, boolean lagSecondsAtLeast, double trendPerMinute,
                           GroupStatus status, String memberId, String clientId, String host) {
}
