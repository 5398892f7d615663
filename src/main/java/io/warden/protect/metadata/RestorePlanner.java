package io.warden.protect.metadata;

import io.warden.protect.drift.AclEntry;
import io.warden.protect.drift.TopicMetadata;
import io.warden.protect.metadata.RestoreStep.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a backup with what a cluster has now and decides each step: create what is missing,
 * report what differs. Pure, so every decision is unit-testable with hand-built records.
 */
public final class RestorePlanner {

    static final String HIDDEN = "[hidden]";

    private RestorePlanner() {
    }

    /**
     * @param backup       what the file holds
     * @param now          the target cluster read the same way (its connectors null when no Connect was named,
     *                     its schemaRegistry null when no registry was named)
     * @param activeGroups the backup's groups that have members on the target now
     */
    public static RestorePlan plan(MetadataBackup backup, MetadataBackup now, Set<String> activeGroups) {
        List<RestoreStep> steps = new ArrayList<>();
        backup.topics().forEach((name, t) -> topic(name, t, now.topics().get(name), steps));
        acls(backup, now, steps);
        Set<String> dataRestored = dataRestored(now);
        backup.groups().forEach((group, offsets) -> {
            if (!group.startsWith(GroupOffsetsReader.DATA_RESTORE_PREFIX)) {
                group(group, offsets, now.groups().getOrDefault(group, List.of()), activeGroups.contains(group), dataRestored, steps);
            }
        });
        SchemaRegistryPlanner.plan(backup.schemaRegistry(), now.schemaRegistry(), steps);
        connectors(backup, now, steps);
        return new RestorePlan(steps);
    }

    private static void topic(String name, TopicMetadata want, TopicMetadata have, List<RestoreStep> out) {
        if (have == null) {
            Map<String, String> configs = new TreeMap<>(want.configs());
            configs.values().removeIf(HIDDEN::equals);
            TopicMetadata create = new TopicMetadata(want.partitions(), want.replicationFactor(), configs);
            out.add(new RestoreStep(Kind.CREATE_TOPIC, name, "create topic " + name + " (" + want.partitions()
                    + " partitions, RF " + want.replicationFactor() + (configs.isEmpty() ? "" : ", " + configs) + ")",
                    create, null, null, null));
            return;
        }
        List<String> diffs = new ArrayList<>();
        if (want.partitions() != have.partitions()) {
            diffs.add("partitions: backup " + want.partitions() + ", cluster " + have.partitions());
        }
        if (want.replicationFactor() != have.replicationFactor()) {
            diffs.add("replication factor: backup " + want.replicationFactor() + ", cluster " + have.replicationFactor());
        }
        configDiffs(want.configs(), have.configs(), diffs);
        diffs.forEach(d -> out.add(RestoreStep.report(Kind.DIFFERS, name, "topic " + name + " " + d)));
    }

    private static void configDiffs(Map<String, String> want, Map<String, String> have, List<String> out) {
        TreeSet<String> keys = new TreeSet<>(want.keySet());
        keys.addAll(have.keySet());
        for (String k : keys) {
            if (!Objects.equals(want.get(k), have.get(k))) {
                out.add("config " + k + ": backup " + value(want.get(k)) + ", cluster " + value(have.get(k)));
            }
        }
    }

    private static String value(String v) {
        return v == null ? "(default)" : v;
    }

    private static void acls(MetadataBackup backup, MetadataBackup now, List<RestoreStep> out) {
        if (backup.acls() == null || backup.acls().isEmpty()) {
            return;
        }
        if (now.acls() == null) {
            out.add(RestoreStep.report(Kind.SKIPPED, "ACLs", backup.acls().size() + " ACLs in the backup, but the cluster "
                    + "cannot take them (" + now.aclsUnavailable() + ")"));
            return;
        }
        for (AclEntry e : new TreeSet<>(backup.acls())) {
            if (!now.acls().contains(e)) {
                out.add(new RestoreStep(Kind.CREATE_ACL, e.summary(), "create ACL " + e.summary(), null, e, null, null));
            }
        }
    }

    /**
     * Partitions a data restore ('warden restore DIR') has written, known by its progress group: their
     * records have new offsets, so a backed-up offset number would point at another record there.
     */
    private static Set<String> dataRestored(MetadataBackup now) {
        Set<String> out = new TreeSet<>();
        now.groups().forEach((group, offsets) -> {
            if (group.startsWith(GroupOffsetsReader.DATA_RESTORE_PREFIX)) {
                offsets.forEach(o -> out.add(o.topic() + "-" + o.partition()));
            }
        });
        return out;
    }

    private static void group(String group, List<PartitionOffset> want, List<PartitionOffset> have, boolean active,
                              Set<String> dataRestored, List<RestoreStep> out) {
        Map<String, Long> current = new TreeMap<>();
        have.forEach(o -> current.put(o.topic() + "-" + o.partition(), o.offset()));
        List<PartitionOffset> missing = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        List<String> mapped = new ArrayList<>();
        for (PartitionOffset o : want) {
            Long now = current.get(o.topic() + "-" + o.partition());
            if (dataRestored.contains(o.topic() + "-" + o.partition())) {
                mapped.add(o.topic() + "-" + o.partition());
            } else if (now == null) {
                missing.add(o);
            } else if (now != o.offset()) {
                differ.add(o.topic() + "-" + o.partition() + ": backup " + o.offset() + ", cluster " + now);
            }
        }
        if (!missing.isEmpty()) {
            if (active) {
                out.add(RestoreStep.report(Kind.SKIPPED, group, "group " + group + " has active members; its offsets on "
                        + missing.size() + " partitions cannot be set now"));
            } else {
                out.add(new RestoreStep(Kind.SET_GROUP_OFFSETS, group, "set offsets of group " + group + " on "
                        + missing.size() + " partitions", null, null, missing, null));
            }
        }
        if (!differ.isEmpty()) {
            out.add(RestoreStep.report(Kind.DIFFERS, group, "group " + group + " offsets " + String.join("; ", differ)));
        }
        if (!mapped.isEmpty()) {
            out.add(RestoreStep.report(Kind.SKIPPED, group, "group " + group + " offsets on " + String.join(", ", mapped)
                    + ": restored from a data backup, whose restore maps them to the same records; the backed-up numbers "
                    + "would point at other records"));
        }
    }

    private static void connectors(MetadataBackup backup, MetadataBackup now, List<RestoreStep> out) {
        if (backup.connectors() == null || backup.connectors().isEmpty()) {
            return;
        }
        if (now.connectors() == null) {
            out.add(RestoreStep.report(Kind.SKIPPED, "connectors", backup.connectors().size()
                    + " connectors in the backup; give --connect-url to restore them"));
            return;
        }
        new TreeMap<>(backup.connectors()).forEach((name, config) -> {
            Map<String, String> have = now.connectors().get(name);
            if (have == null) {
                out.add(new RestoreStep(Kind.CREATE_CONNECTOR, name, "create connector " + name + " ("
                        + config.getOrDefault("connector.class", "?") + ")", null, null, null, config));
            } else {
                List<String> diffs = new ArrayList<>();
                configDiffs(config, have, diffs);
                diffs.forEach(d -> out.add(RestoreStep.report(Kind.DIFFERS, name, "connector " + name + " " + d)));
            }
        });
    }
}
