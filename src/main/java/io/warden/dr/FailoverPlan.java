package io.warden.dr;

import io.warden.runbook.groups.ResetPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where each group would continue on the other cluster of a pair, per partition, before anything
 * is changed: the failover's plan (source to DR), or the failback's (the reversed pair).
 *
 * @param pair          the pair the plan moves groups across: groups go from its source to its target
 * @param sourceProblem why the source could not be read (committed offsets then come from the checkpoints
 *                      and no position can be proved exact), or null when it was read
 * @param maxCompare    the bound on records compared per partition
 * @param groups        the groups, in the order asked for
 */
public record FailoverPlan(DrPair pair, String sourceProblem, long maxCompare, List<GroupMove> groups) {

    public FailoverPlan {
        groups = List.copyOf(groups);
    }

    /**
     * One group.
     *
     * @param type       its type on the target (CLASSIC, CONSUMER, SHARE, STREAMS), or NONE when it is not there yet
     * @param state      its state on the target
     * @param members    its active members on the target, escaped for printing; they must be none
     * @param refused    why the group cannot be moved now, or null
     * @param partitions its partitions, by source topic and partition
     */
    public record GroupMove(String group, String type, String state, List<String> members, String refused,
                            List<PartitionMove> partitions) {
        public GroupMove {
            members = List.copyOf(members);
            partitions = List.copyOf(partitions);
        }

        /** Records the translation would have re-read that the exact positions do not. */
        public long avoided() {
            return partitions.stream().mapToLong(PartitionMove::avoided).sum();
        }
    }

    /**
     * One partition.
     *
     * @param committed     the group's committed offset on the source partition
     * @param committedFrom {@code source} when read from the source, {@code checkpoint} when it is the checkpoint's upstream offset
     * @param translation   MirrorMaker's translation (the checkpoint's downstream offset); for a replica going back
     *                      to its original, the offset-sync at or before the committed offset read the other way;
     *                      null when there is neither
     * @param exact         the proved exact position, or null
     * @param note          why there is no exact position (or why the partition is skipped), or null
     * @param bounded       true when only {@code --max-compare} kept the exact method from a result
     * @param position      the offset Warden commits on the target, or null when there is none
     * @param previous      the group's committed offset on the target now, or null
     * @param replicaStart  the replica partition's log start
     * @param replicaEnd    the replica partition's log end, or -1 when the replica is missing
     */
    public record PartitionMove(String topic, int partition, String replicaTopic, long committed, String committedFrom,
                                Long translation, Long exact, String note, boolean bounded, Long position, Long previous,
                                long replicaStart, long replicaEnd) {

        /**
         * Records processed again from the position, when known: from the position to where the group really
         * was (the exact position); null when no exact position was proved.
         */
        public Long reprocessed() {
            return exact == null || position == null ? null : exact - position;
        }

        /** The translation's re-reads minus the exact position's. */
        public long avoided() {
            return exact != null && translation != null && Objects.equals(position, exact) ? exact - translation : 0;
        }

        /** {@code exact} or {@code translation}: how the position was found ({@code none} without one). */
        public String method() {
            return position == null ? "none" : position.equals(exact) ? "exact" : "translation";
        }
    }

    /** True when some group cannot be moved: nothing is executed. */
    public boolean blocked() {
        return groups.stream().anyMatch(g -> g.refused() != null);
    }

    public long avoided() {
        return groups.stream().mapToLong(GroupMove::avoided).sum();
    }

    /** The plan as an offset reset on the target, for committing and for the undo file. */
    public ResetPlan asReset() {
        List<ResetPlan.GroupReset> out = new ArrayList<>();
        for (GroupMove g : groups) {
            List<ResetPlan.PartitionReset> rows = new ArrayList<>();
            g.partitions().stream().filter(p -> p.position() != null).forEach(p -> rows.add(new ResetPlan.PartitionReset(
                    p.replicaTopic(), p.partition(), p.previous(), p.position(), p.replicaStart(), p.replicaEnd())));
            out.add(new ResetPlan.GroupReset(g.group(), g.state(), List.of(), rows));
        }
        return new ResetPlan(pair.source().name() + " -> " + pair.target().name(), out);
    }
}
