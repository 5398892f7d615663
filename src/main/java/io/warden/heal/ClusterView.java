package io.warden.heal;

import io.warden.snapshot.Snapshot;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the blast-radius rule needs to know of the cluster at one instant.
 *
 * @param live       brokers registered
 * @param missing    expected brokers not registered
 * @param quorumLost no active controller reported by a cluster that answered
 * @param unanswered the cluster did not answer at all: nothing is known
 */
public record ClusterView(int live, Set<Integer> missing, boolean quorumLost, boolean unanswered) {

    public ClusterView {
        missing = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(missing)); // sorted, so messages read the same every time
    }

    public static ClusterView of(Snapshot s) {
        boolean unanswered = s.failed("cluster") && s.cluster().brokers().isEmpty();
        return new ClusterView(s.cluster().brokers().size(), new TreeSet<>(s.cluster().missingBrokerIds()),
                !unanswered && s.cluster().controllerId() == null, unanswered);
    }

    public int total() {
        return live + missing.size();
    }

    public double percentDown() {
        return total() == 0 ? 0 : 100.0 * missing.size() / total();
    }
}
