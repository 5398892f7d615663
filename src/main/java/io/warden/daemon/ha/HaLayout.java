package io.warden.daemon.ha;

import io.warden.config.WardenConfig;
import java.util.List;

/**
 * Where a fleet keeps its state: the state topic, with partition i for the i-th watched cluster in
 * name order (every instance derives the same order from the same cluster list), and the shared
 * topic that every instance reads whole (silences, the healing pause switch).
 *
 * @param clusters the watched clusters' names, sorted: index = partition
 */
public record HaLayout(String group, String stateTopic, String sharedTopic, List<String> clusters) {

    public HaLayout {
        clusters = clusters.stream().sorted().toList();
    }

    public static HaLayout of(WardenConfig config) {
        var ha = config.ha();
        return new HaLayout(ha.group(), ha.stateTopic(), ha.stateTopic() + ".shared",
                config.watched().stream().map(WardenConfig.ClusterConfig::name).toList());
    }

    /** The partition of {@code cluster}, or -1 when it is not watched. */
    public int partitionOf(String cluster) {
        return clusters.indexOf(cluster);
    }

    /** The cluster of {@code partition}, or null when the topic has more partitions than clusters. */
    public String clusterOf(int partition) {
        return partition >= 0 && partition < clusters.size() ? clusters.get(partition) : null;
    }

    /** The transactional id of {@code instance}: one per instance, so two started with one name fence each other. */
    public String transactionalId(String instance) {
        return "warden-ha." + group + "." + instance;
    }
}
