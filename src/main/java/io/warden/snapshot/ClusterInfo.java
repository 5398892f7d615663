package io.warden.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Brokers and controller as seen by one cycle.
 *
 * @param clusterId        the cluster id reported by the brokers, or null if the cluster did not answer
 * @param brokers          live brokers registered with the controller
 * @param expectedBrokerIds brokers that should be there: configured, seen earlier, or named as a
 *                         replica of some partition
 * @param controllerId     the active controller's id, or null when none was reported
 * @param quorum           the KRaft metadata quorum, or null when it could not be described
 */
public record ClusterInfo(
        String clusterId,
        List<BrokerInfo> brokers,
        Set<Integer> expectedBrokerIds,
        Integer controllerId,
        QuorumState quorum) {

    public ClusterInfo {
        brokers = List.copyOf(brokers);
        expectedBrokerIds = Set.copyOf(expectedBrokerIds);
    }

    /** Expected brokers that are not registered now, in id order. */
    public SortedSet<Integer> missingBrokerIds() {
        SortedSet<Integer> missing = new TreeSet<>(expectedBrokerIds);
        brokers.forEach(b -> missing.remove(b.id()));
        return missing;
    }

    public Optional<BrokerInfo> broker(int id) {
        return brokers.stream().filter(b -> b.id() == id).findFirst();
    }
}
