package io.warden.snapshot;

import java.util.List;

/**
 * A topic and its partitions.
 *
 * @param internal          true for Kafka's own topics such as {@code __consumer_offsets}
 * @param minInSyncReplicas the topic's effective {@code min.insync.replicas}, or -1 if unknown
 */
public record TopicInfo(String name, boolean internal, int minInSyncReplicas, List<PartitionInfo> partitions) {

    public TopicInfo {
        partitions = List.copyOf(partitions);
    }

    /** Sum of (log end - log start) over partitions with known offsets: messages retained. */
    public long retainedMessages() {
        return partitions.stream().filter(PartitionInfo::offsetsKnown)
                .mapToLong(p -> p.logEndOffset() - p.logStartOffset()).sum();
    }

    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }
}
