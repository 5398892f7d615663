package io.warden.kafka;

import java.util.Set;

/**
 * What one collection asks the cluster for. A command that only needs lag skips log dirs and
 * topic configs; the watch loop asks for everything.
 *
 * @param groups          consumer groups to collect, or null for every group
 * @param expectedBrokers brokers that should be there (configured or seen before); missing ones are reported
 * @param topicConfigs    read min.insync.replicas per topic
 * @param logDirs         read log-dir sizes per broker
 * @param quorum          describe the KRaft metadata quorum
 * @param logStartOffsets list the first retained offset of every partition (retained messages, DLQ depth)
 */
public record ProbeScope(Set<String> groups, Set<Integer> expectedBrokers, boolean topicConfigs,
                         boolean logDirs, boolean quorum, boolean logStartOffsets) {

    public ProbeScope {
        groups = groups == null ? null : Set.copyOf(groups);
        expectedBrokers = Set.copyOf(expectedBrokers);
    }

    public static ProbeScope everything(Set<Integer> expectedBrokers) {
        return new ProbeScope(null, expectedBrokers, true, true, true, true);
    }

    public static ProbeScope lagOnly(Set<String> groups) {
        return new ProbeScope(groups, Set.of(), false, false, true, false);
    }

    public ProbeScope expecting(Set<Integer> brokers) {
        return new ProbeScope(groups, brokers, topicConfigs, logDirs, quorum, logStartOffsets);
    }
}
