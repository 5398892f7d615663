package io.warden.runbook.topics;

import java.util.List;
import java.util.Map;

/**
 * One step of a plan, decided before anything runs.
 *
 * @param action            what to do; {@link Action#REFUSED} steps are reported, never executed
 * @param summary           one line for a human: what changes, from what to what, or why not
 * @param partitions        the partition count to create or grow to (0 when not relevant)
 * @param replicationFactor the replication factor to create with (-1: the broker default)
 * @param set               configs to set (create: the topic's initial configs)
 * @param unset             configs to remove, falling back to the broker default
 */
public record TopicChange(String topic, Action action, String summary, int partitions, int replicationFactor,
                          Map<String, String> set, List<String> unset) {

    public TopicChange {
        set = Map.copyOf(set);
        unset = List.copyOf(unset);
    }

    /** What a step does, in the order apply runs them. */
    public enum Action {
        CREATE("topics.create"), ADD_PARTITIONS("topics.alter"), ALTER_CONFIGS("topics.alter"),
        DELETE("topics.delete"), REFUSED("");

        private final String auditType;

        Action(String auditType) {
            this.auditType = auditType;
        }

        /** The type of the audit record an executed step writes. */
        public String auditType() {
            return auditType;
        }
    }

    static TopicChange refused(String topic, String why) {
        return new TopicChange(topic, Action.REFUSED, why, 0, -1, Map.of(), List.of());
    }

    public boolean executable() {
        return action != Action.REFUSED;
    }
}
