package io.warden.runbook.topics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares declared topics with the cluster's and decides the steps. Pure: no I/O.
 *
 * <p>Rules: a missing topic is created; partitions only grow; a replication-factor difference is
 * refused (it needs a partition reassignment); a declared config that differs from the topic's
 * current value is set; with {@code pruneConfigs}, overrides the file does not mention are removed,
 * otherwise they are left alone; a topic is deleted only if the file says {@code delete: true} and
 * deletes are allowed; topics the file does not mention are never touched; unclean leader election
 * is never turned on (it trades committed records for availability, a choice left to the operator).
 */
public final class TopicPlanner {

    /** Why apply never lowers a partition count, for the refusal and for {@code topics alter}. */
    public static final String NO_DECREASE = "Kafka cannot remove partitions: their data would be lost and "
            + "keys would hash to other partitions; create a new topic with fewer partitions and migrate";

    static final String UNCLEAN = "unclean.leader.election.enable";

    private static final String UNCLEAN_REFUSED = UNCLEAN + "=true is not applied: with it a partition that loses "
            + "its in-sync replicas elects an out-of-sync replica and committed records are lost; if that is "
            + "what you want, set it yourself with kafka-configs --alter --add-config " + UNCLEAN + "=true";

    private TopicPlanner() {
    }

    public static TopicPlan plan(List<TopicSpec> specs, Map<String, TopicState> current, boolean allowDelete,
                                 boolean pruneConfigs) {
        List<TopicChange> changes = new ArrayList<>();
        for (TopicSpec spec : specs) {
            TopicState now = current.get(spec.name());
            if (spec.delete()) {
                if (now != null) {
                    changes.add(allowDelete
                            ? new TopicChange(spec.name(), TopicChange.Action.DELETE, "delete topic (" + now.partitions().size()
                                    + " partitions)", 0, -1, Map.of(), List.of())
                            : TopicChange.refused(spec.name(), "marked delete: true; pass --allow-delete to delete it"));
                }
            } else if (now == null) {
                changes.add(turnsOnUncleanElection(spec.configs())
                        ? TopicChange.refused(spec.name(), "create refused: " + UNCLEAN_REFUSED) : create(spec));
            } else {
                changes.addAll(update(spec, now, pruneConfigs));
            }
        }
        changes.sort(Comparator.comparing(TopicChange::action));
        return new TopicPlan(changes);
    }

    static TopicChange create(TopicSpec spec) {
        String summary = "create with " + spec.partitions() + " partitions, replication factor "
                + (spec.replicationFactor() < 0 ? "broker default" : spec.replicationFactor())
                + (spec.configs().isEmpty() ? "" : ", configs " + new java.util.TreeMap<>(spec.configs()));
        return new TopicChange(spec.name(), TopicChange.Action.CREATE, summary, spec.partitions(),
                spec.replicationFactor(), spec.configs(), List.of());
    }

    static List<TopicChange> update(TopicSpec spec, TopicState now, boolean pruneConfigs) {
        List<TopicChange> changes = new ArrayList<>();
        int have = now.partitions().size();
        if (spec.partitions() > have) {
            changes.add(new TopicChange(spec.name(), TopicChange.Action.ADD_PARTITIONS, "partitions " + have + " -> "
                    + spec.partitions(), spec.partitions(), -1, Map.of(), List.of()));
        } else if (spec.partitions() > 0 && spec.partitions() < have) {
            changes.add(TopicChange.refused(spec.name(), "partitions " + have + " -> " + spec.partitions()
                    + " refused: " + NO_DECREASE));
        }
        if (spec.replicationFactor() > 0 && spec.replicationFactor() != now.replicationFactor()) {
            changes.add(TopicChange.refused(spec.name(), "replication factor " + now.replicationFactor() + " -> "
                    + spec.replicationFactor() + " not applied: it needs a partition reassignment "
                    + "(kafka-reassign-partitions), which apply does not do"));
        }
        Map<String, String> set = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(spec.configs()).forEach((k, v) -> {
            String old = now.effective().get(k);
            if (k.equals(UNCLEAN) && turnsOnUncleanElection(spec.configs()) && !"true".equalsIgnoreCase(old)) {
                changes.add(TopicChange.refused(spec.name(), UNCLEAN_REFUSED));
            } else if (!v.equals(old)) {
                set.put(k, v);
                parts.add(k + ": " + (old == null ? "(unset)" : old) + " -> " + v);
            }
        });
        List<String> unset = new ArrayList<>();
        if (pruneConfigs) {
            for (String k : new TreeSet<>(now.overrides().keySet())) {
                if (!spec.configs().containsKey(k)) {
                    unset.add(k);
                    parts.add("unset " + k + " (was " + now.overrides().get(k) + ")");
                }
            }
        }
        if (!parts.isEmpty()) {
            changes.add(new TopicChange(spec.name(), TopicChange.Action.ALTER_CONFIGS, String.join(", ", parts), 0, -1,
                    set, unset));
        }
        return changes;
    }

    private static boolean turnsOnUncleanElection(Map<String, String> configs) {
        String value = configs.get(UNCLEAN);
        return value != null && "true".equalsIgnoreCase(value.trim());
    }
}
