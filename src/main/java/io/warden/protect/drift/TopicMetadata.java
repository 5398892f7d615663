package io.warden.protect.drift;

import java.util.Map;
import java.util.TreeMap;

/** One topic as metadata: its partition count, replication factor and non-default configs. */
public record TopicMetadata(int partitions, int replicationFactor, Map<String, String> configs) {

    public TopicMetadata {
        configs = configs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
    }
}
