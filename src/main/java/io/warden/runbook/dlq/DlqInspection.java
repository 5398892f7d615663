package io.warden.runbook.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a dead-letter topic holds: depth, age, the errors that put records there, and a sample.
 *
 * @param topic       the DLQ topic
 * @param takenAt     when it was read
 * @param depth       records retained (end minus start offset, summed over partitions)
 * @param partitions  depth per partition
 * @param recordsRead records read to group them (at most the cap)
 * @param capped      true when the cap stopped the reading, or only the newest records were read: groups and counts
 *                    cover only the records read
 * @param oldest      timestamp of the oldest record, or null when empty
 * @param newest      timestamp of the newest record, or null when empty
 * @param errors      records grouped by error, most frequent first
 * @param sample      the first records, rendered safely
 */
public record DlqInspection(String topic, Instant takenAt, long depth, List<PartitionDepth> partitions, long recordsRead,
                            boolean capped, Instant oldest, Instant newest, List<ErrorGroup> errors,
                            List<SampleRecord> sample) {

    /** Retained records of one partition. */
    public record PartitionDepth(int partition, long startOffset, long endOffset, long depth) {
    }

    /**
     * Records that failed with the same error.
     *
     * @param error          exception class, the named header's value, or {@code (unknown)}
     * @param source         which headers said so: spring, connect, header or none
     * @param exampleMessage the message of the first such record
     * @param originalTopics topics the records came from
     */
    public record ErrorGroup(String error, String source, long count, Instant firstSeen, Instant lastSeen,
                             String exampleMessage, List<String> originalTopics) {
    }

    /** One record with key, value and headers rendered as safe text. */
    public record SampleRecord(int partition, long offset, Instant timestamp, String key, String value,
                               Map<String, String> headers, DeadLetter deadLetter) {
    }
}
