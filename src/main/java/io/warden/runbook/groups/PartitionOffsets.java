package io.warden.runbook.groups;

import org.apache.kafka.common.TopicPartition;

/**
 * What a reset needs to know of one partition for one group.
 *
 * @param committed the group's committed offset, null when it has none
 * @param atTime    for a time-based reset, the first offset at or after the time, null when none is
 */
public record PartitionOffsets(TopicPartition partition, Long committed, long logStart, long logEnd, Long atTime) {
}
