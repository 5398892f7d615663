package io.warden.runbook.groups;

import io.warden.kafka.RecordText;
import java.util.List;

/**
 * What {@code groups reset-offsets} would do, per group and partition, before anything is changed.
 *
 * @param mode the reset mode as given, e.g. {@code to-earliest}
 */
public record ResetPlan(String mode, List<GroupReset> groups) {

    public ResetPlan {
        groups = List.copyOf(groups);
    }

    /** True when some group has active members: the reset must be refused. */
    public boolean blocked() {
        return groups.stream().anyMatch(g -> !g.activeMembers().isEmpty());
    }

    /** One group's part of the plan; {@code activeMembers} non-empty means it cannot be reset now. */
    public record GroupReset(String group, String state, List<Member> activeMembers, List<PartitionReset> partitions) {
        public GroupReset {
            activeMembers = List.copyOf(activeMembers);
            partitions = List.copyOf(partitions);
        }
    }

    /** A consumer of the group, named as operators find it: consumer id, host, client id. */
    public record Member(String consumerId, String host, String clientId) {
        @Override
        public String toString() {
            // read from the cluster: a client chooses its ids and what they contain
            return RecordText.escape(consumerId) + " (host " + RecordText.escape(host) + ", client " + RecordText.escape(clientId) + ")";
        }
    }

    /**
     * One partition: committed offset now (null if none) and after; lag before and after.
     */
    public record PartitionReset(String topic, int partition, Long current, long target, long logStart, long logEnd) {
        public Long lagBefore() {
            return current == null ? null : Math.max(0, logEnd - current);
        }

        public long lagAfter() {
            return Math.max(0, logEnd - target);
        }
    }
}
