package io.warden.daemon;

import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.Check;
import io.warden.watch.Finding;
import java.util.List;
import java.util.Set;

/**
 * A check whose findings about Warden's own consumer groups are dropped: the fleet's
 * {@code ha.group} rebalances whenever an instance joins or leaves, and its state topic's offsets
 * move only on a state write, so on a watched cluster that is also the fleet's home it would raise
 * {@code consumer-rebalancing} or a lag status the user has nothing to do about. {@code warden ha
 * status} reports the fleet's group instead.
 */
record WithoutOwnGroups(Check check, Set<String> groups) implements Check {

    /** {@code checks}, each without findings about {@code groups}; unchanged when there are none. */
    static List<Check> of(List<Check> checks, Set<String> groups) {
        return groups.isEmpty() ? checks : checks.stream().<Check>map(c -> new WithoutOwnGroups(c, groups)).toList();
    }

    @Override
    public String name() {
        return check.name();
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        List<Finding> found = check.evaluate(history);
        // null passes on, so the check's failure is reported as before
        return found == null ? null : found.stream().filter(f -> !ours(f.labels().get("group"))).toList();
    }

    private boolean ours(String group) {
        return group != null && groups.contains(group);
    }
}
