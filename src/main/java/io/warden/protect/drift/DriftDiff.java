package io.warden.protect.drift;

import io.warden.protect.drift.DriftChange.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Compares two metadata snapshots: pure, so every kind of drift is unit-testable with hand-built records. */
public final class DriftDiff {

    private DriftDiff() {
    }

    /** The differences from {@code before} to {@code after}, topics first, then brokers, then ACLs. */
    public static List<DriftChange> between(ClusterMetadata before, ClusterMetadata after) {
        List<DriftChange> changes = new ArrayList<>();
        topics(before.topics(), after.topics(), changes);
        TreeSet<String> brokers = new TreeSet<>(before.brokers().keySet());
        brokers.addAll(after.brokers().keySet());
        for (String b : brokers) {
            // a broker that left or joined is one change, not a list of its configs
            if (!before.brokers().containsKey(b)) {
                changes.add(new DriftChange(Kind.BROKER_ADDED, "broker " + b, null, null, null));
            } else if (!after.brokers().containsKey(b)) {
                changes.add(new DriftChange(Kind.BROKER_REMOVED, "broker " + b, null, null, null));
            } else {
                configs("broker " + b, before.brokers().get(b), after.brokers().get(b), true, changes);
            }
        }
        configs("cluster defaults", before.clusterDefaults(), after.clusterDefaults(), true, changes);
        acls(before, after, changes);
        return changes;
    }

    private static void topics(Map<String, TopicMetadata> before, Map<String, TopicMetadata> after, List<DriftChange> out) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String t : names) {
            TopicMetadata b = before.get(t);
            TopicMetadata a = after.get(t);
            if (b == null) {
                out.add(new DriftChange(Kind.TOPIC_ADDED, t, null, null, describe(a)));
            } else if (a == null) {
                out.add(new DriftChange(Kind.TOPIC_REMOVED, t, null, describe(b), null));
            } else {
                if (a.partitions() != b.partitions()) {
                    out.add(new DriftChange(Kind.PARTITIONS_CHANGED, t, null, "" + b.partitions(), "" + a.partitions()));
                }
                if (a.replicationFactor() != b.replicationFactor()) {
                    out.add(new DriftChange(Kind.REPLICATION_FACTOR_CHANGED, t, null,
                            "" + b.replicationFactor(), "" + a.replicationFactor()));
                }
                configs(t, b.configs(), a.configs(), false, out);
            }
        }
    }

    private static String describe(TopicMetadata t) {
        return t.partitions() + " partitions, RF " + t.replicationFactor() + (t.configs().isEmpty() ? "" : ", " + t.configs());
    }

    private static void configs(String subject, Map<String, String> before, Map<String, String> after, boolean broker,
                                List<DriftChange> out) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String b = before.get(k);
            String a = after.get(k);
            if (b == null) {
                out.add(new DriftChange(broker ? Kind.BROKER_CONFIG_ADDED : Kind.CONFIG_ADDED, subject, k, null, a));
            } else if (a == null) {
                out.add(new DriftChange(broker ? Kind.BROKER_CONFIG_REMOVED : Kind.CONFIG_REMOVED, subject, k, b, null));
            } else if (!a.equals(b)) {
                out.add(new DriftChange(broker ? Kind.BROKER_CONFIG_CHANGED : Kind.CONFIG_CHANGED, subject, k, b, a));
            }
        }
    }

    private static void acls(ClusterMetadata before, ClusterMetadata after, List<DriftChange> out) {
        if (before.acls() == null || after.acls() == null) {
            if (!Objects.equals(before.aclsUnavailable(), after.aclsUnavailable())) {
                out.add(new DriftChange(Kind.ACLS_AVAILABILITY_CHANGED, "ACLs", null, availability(before), availability(after)));
            }
            return;
        }
        new TreeSet<>(before.acls()).stream().filter(e -> !after.acls().contains(e))
                .forEach(e -> out.add(new DriftChange(Kind.ACL_REMOVED, e.summary(), null, e.summary(), null)));
        new TreeSet<>(after.acls()).stream().filter(e -> !before.acls().contains(e))
                .forEach(e -> out.add(new DriftChange(Kind.ACL_ADDED, e.summary(), null, null, e.summary())));
    }

    private static String availability(ClusterMetadata m) {
        return m.acls() != null ? m.acls().size() + " ACLs" : m.aclsUnavailable();
    }
}
