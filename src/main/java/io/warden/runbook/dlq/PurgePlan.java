package io.warden.runbook.dlq;

import java.util.List;

/**
 * Which DLQ records a purge deletes: per partition, everything before {@code purgeTo}.
 *
 * @param topic      the DLQ
 * @param group      the replay progress group consulted
 * @param partitions per partition, what is there and what goes
 * @param records    records deleted in all
 * @param refused    why the purge may not run (it would delete records not replayed); empty when it may
 * @param executed   true once the records were deleted
 */
public record PurgePlan(String topic, String group, List<Partition> partitions, long records, List<String> refused,
                        boolean executed) {

    /**
     * @param replayedUpTo every record before this offset was replayed, or null when no replay committed progress
     * @param purgeTo      the new log start offset
     */
    public record Partition(int partition, long logStart, long logEnd, Long replayedUpTo, long purgeTo, long records) {
    }
}
