package io.warden.runbook.topics;

import java.util.Map;

/**
 * A topic as a topics file declares it.
 *
 * @param partitions        declared partition count, 0 when not given (allowed only with delete)
 * @param replicationFactor declared replication factor, -1 when not given (the broker default)
 * @param configs           declared configs; keys not named here are left alone unless pruning
 * @param delete            the file asks for the topic to be deleted
 * @param line              where the entry starts in the file, for messages
 */
public record TopicSpec(String name, int partitions, int replicationFactor, Map<String, String> configs,
                        boolean delete, int line) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
