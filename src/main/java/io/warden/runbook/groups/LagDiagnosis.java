package io.warden.runbook.groups;

import java.util.List;

/**
 * What {@code warden diagnose lag} found: the evidence of each runbook step, and what to do.
 *
 * @param type             CLASSIC, CONSUMER, SHARE or STREAMS; a share group's committed offset is its start offset
 *                          and its lag the broker's count
 * @param severity         OK, WARNING or CRITICAL by the thresholds given (OK without thresholds)
 * @param maxToMedian      the largest partition lag over the median one; null when there is no lag or the median is 0
 * @param skewedTo         partitions holding lag far above the median ("topic-partition")
 * @param idleMembers      members with no partition
 * @param unassigned       partitions of the group's topics no member owns (only when it has members)
 * @param rebalance        what the sample shows of rebalances, in words
 * @param produceRate      messages per second appended to the group's partitions during the sample
 * @param consumeRate      messages per second the group committed past (a share group: that left its lag) during the sample
 * @param drainSeconds     time until lag is zero at the current rates; null when it is not draining
 * @param recommendations  plain-word remediations, most important first
 */
public record LagDiagnosis(String group, io.warden.snapshot.GroupType type, String state, io.warden.watch.Severity severity, long totalLag,
                           List<PartitionLag> partitions, Double maxToMedian, List<String> skewedTo,
                           int members, List<String> idleMembers, List<String> unassigned, String rebalance,
                           double sampleSeconds, double produceRate, double consumeRate, Double drainSeconds,
                           List<String> recommendations) {

    /**
     * The runbook's five steps as {@code warden diagnose lag} prints them, one line each: spread,
     * members, rebalances, rates, drain.
     */
    public List<String> steps() {
        return List.of(
                "1. Spread:     " + (totalLag == 0 ? "no lag"
                        : skewedTo.isEmpty() ? "uniform" + (maxToMedian == null ? "" : " (max/median " + maxToMedian + ")")
                        : "skewed to " + String.join(", ", skewedTo)
                                + (maxToMedian == null ? " (median 0)" : " (max/median " + maxToMedian + ")")),
                "2. Members:    " + members + " for " + partitions.size() + " partitions; idle members: "
                        + idleMembers.size() + "; partitions without a member: " + unassigned.size(),
                "3. Rebalances: " + rebalance,
                String.format("4. Rates:      %.1f/s produced, %.1f/s consumed over %.1f s", produceRate, consumeRate,
                        sampleSeconds),
                "5. Drain:      " + (drainSeconds == null ? "not draining at the current rates"
                        : "~" + LagAnalyzer.human(drainSeconds)));
    }

    /** Lag of one partition at the end of the sample; owner null when no member has it. */
    public record PartitionLag(String topic, int partition, Long committed, long logEnd, long lag, String owner) {
    }
}
