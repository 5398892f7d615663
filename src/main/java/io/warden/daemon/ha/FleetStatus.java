package io.warden.daemon.ha;

import java.time.Instant;
import java.util.List;

/**
 * A fleet as its home cluster sees it: the members of its group, which instance owns which
 * cluster, when each cluster's state was last written and by whom, and what follows that write
 * in its partition.
 *
 * @param groupState Stable, PreparingRebalance, CompletingRebalance, Empty or Dead (no instance ever joined)
 * @param differing  the members that watch other clusters than the config {@code ha status} was given, one line each
 */
public record FleetStatus(String group, String stateTopic, String groupState, List<Member> members, List<Cluster> clusters,
                          List<String> differing) {

    /**
     * An instance in the group and the clusters it owns.
     *
     * @param watches the clusters it says it watches; null when it did not say
     */
    public record Member(String instance, String host, List<String> clusters, List<String> watches) {
    }

    /**
     * One watched cluster.
     *
     * @param owner      the instance that owns it now; null when none does
     * @param lastWriter the instance whose write of its state was last committed; null before the first
     * @param lastWrite  when that was
     * @param lag        records after that write in its partition: writes refused or still open (0 is normal);
     *                   null when the partition cannot be read
     */
    public record Cluster(String cluster, int partition, String owner, String lastWriter, Instant lastWrite, Long lag) {
    }

    /**
     * Nagios: 2 when a cluster has no owner (nobody watches it) or members watch other clusters than
     * the config lists (some are then watched twice or not at all), 1 while the group rebalances, else 0.
     */
    public int exitCode() {
        if (clusters.stream().anyMatch(c -> c.owner() == null) || !differing.isEmpty()) {
            return 2;
        }
        return "Stable".equalsIgnoreCase(groupState) ? 0 : 1;
    }
}
