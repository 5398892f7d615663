package io.warden.runbook.topics;

import java.util.List;
import java.util.Map;

/**
 * A topic as the cluster has it now.
 *
 * @param overrides configs set on the topic itself (what {@code kafka-topics --describe} shows)
 * @param effective every config's current value, overrides and defaults, for comparing a desired value
 */
public record TopicState(String name, boolean internal, List<PartitionState> partitions,
                         Map<String, String> overrides, Map<String, String> effective) {

    public TopicState {
        partitions = List.copyOf(partitions);
        overrides = Map.copyOf(overrides);
        effective = Map.copyOf(effective);
    }

    /** One partition: its leader (-1 without one), replicas and in-sync replicas. */
    public record PartitionState(int partition, int leader, List<Integer> replicas, List<Integer> isr) {

        public PartitionState {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }

        public boolean unavailable() {
            return leader < 0;
        }

        public boolean underReplicated() {
            return isr.size() < replicas.size();
        }

        public boolean underMinIsr(int minIsr) {
            return isr.size() < minIsr;
        }
    }

    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }

    public int minInSyncReplicas() {
        try {
            return Integer.parseInt(effective.getOrDefault("min.insync.replicas", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
