package io.warden.runbook.topics;

import java.util.List;

/**
 * The difference between what is declared and what the cluster has, as steps.
 *
 * <p>Exit code, like {@code terraform plan -detailed-exitcode}: 0 in sync; 2 changes to apply;
 * 1 no change apply would make, but differences it refuses to make (a partition decrease, a
 * replication-factor change, a delete without {@code --allow-delete}).
 */
public record TopicPlan(List<TopicChange> changes) {

    public static final int IN_SYNC = 0;
    public static final int REFUSED_ONLY = 1;
    public static final int CHANGES = 2;

    public TopicPlan {
        changes = List.copyOf(changes);
    }

    public List<TopicChange> executable() {
        return changes.stream().filter(TopicChange::executable).toList();
    }

    public List<TopicChange> refused() {
        return changes.stream().filter(c -> !c.executable()).toList();
    }

    public int exitCode() {
        return !executable().isEmpty() ? CHANGES : refused().isEmpty() ? IN_SYNC : REFUSED_ONLY;
    }
}
