package io.warden.snapshot;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition: its replicas and its offsets.
 *
 * @param leader         leader broker id, -1 when the partition has no leader (offline)
 * @param logStartOffset first retained offset, -1 when unknown (leader did not answer)
 * @param logEndOffset   next offset to be written (high watermark), -1 when unknown
 * @param elr            eligible leader replicas (KIP-966): out of the ISR, yet holding every committed
 *                       record, so electable without data loss; null when the cluster does not keep them
 *                       ({@code eligible.leader.replicas.version} not finalized, or unknown)
 * @param lastKnownElr   replicas that were in the ELR when they shut down uncleanly: the best candidates
 *                       when the ELR is empty; null when the cluster does not keep them
 */
public record PartitionInfo(String topic, int partition, int leader, List<Integer> replicas, List<Integer> isr,
                            long logStartOffset, long logEndOffset, List<Integer> elr, List<Integer> lastKnownElr) {

    public PartitionInfo {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        elr = elr == null ? null : List.copyOf(elr);
        lastKnownElr = lastKnownElr == null ? null : List.copyOf(lastKnownElr);
    }

    /** A partition of a cluster that keeps no eligible leader replicas. */
    public PartitionInfo(String topic, int partition, int leader, List<Integer> replicas, List<Integer> isr,
                         long logStartOffset, long logEndOffset) {
        this(topic, partition, leader, replicas, isr, logStartOffset, logEndOffset, null, null);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    public boolean offline() {
        return leader < 0;
    }

    public boolean underReplicated() {
        return isr.size() < replicas.size();
    }

    /** True when the ISR is smaller than the topic's min.insync.replicas: acks=all producers fail. */
    public boolean underMinIsr(int minInSyncReplicas) {
        return minInSyncReplicas > 0 && isr.size() < minInSyncReplicas;
    }

    public boolean preferredLeader() {
        return !replicas.isEmpty() && replicas.get(0) == leader;
    }

    public boolean offsetsKnown() {
        return logStartOffset >= 0 && logEndOffset >= 0;
    }
}
