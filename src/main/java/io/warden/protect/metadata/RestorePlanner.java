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

    static final String HIDDEN = ConfigDiff.HIDDEN;

    private RestorePlanner() {
    }

    /**
     * @param backup       what the file holds
     * @param now          the target cluster read the same way (its connectors null when no Connect was named,
     *                     its schemaRegistry null when no registry was named)
     * @param activeGroups the backup's groups that have members on the target now
     */
    public static RestorePlan plan(MetadataBackup backup, MetadataBackup now, Set<String> activeGroups) {
        return plan(backup, now, activeGroups, Set.of());
    }

    /**
     * @param streamsGroups the streams groups that exist on the target: only their offsets can be set
     *                      (a streams group is made by its application, with its topology and internal topics)
     */
    public static RestorePlan plan(MetadataBackup backup, MetadataBackup now, Set<String> activeGroups, Set<String> streamsGroups) {
        List<RestoreStep> steps = new ArrayList<>();
        backup.topics().forEach((name, t) -> topic(name, t, now.topics().get(name), steps));
        acls(backup, now, steps);
        Set<String> dataRestored = dataRestored(now);
        backup.groups().forEach((group, offsets) -> {
            if (!group.startsWith(GroupOffsetsReader.DATA_RESTORE_PREFIX)) {
                group(Kind.SET_GROUP_OFFSETS, group, offsets, now.groups().getOrDefault(group, List.of()),
                        activeGroups.contains(group), dataRestored, steps);
            }
        });
        backup.shareGroups().forEach((group, offsets) -> group(Kind.SET_SHARE_GROUP_OFFSETS, group, offsets,
                now.shareGroups().getOrDefault(group, List.of()), activeGroups.contains(group), dataRestored, steps));
        backup.streamsGroups().forEach((group, offsets) -> {
            if (streamsGroups.contains(group)) {
                group(Kind.SET_STREAMS_GROUP_OFFSETS, group, offsets, now.streamsGroups().getOrDefault(group, List.of()),
                        activeGroups.contains(group), dataRestored, steps);
            } else {
                steps.add(RestoreStep.report(Kind.SKIPPED, group, "streams group " + group + " does not exist on this cluster;"
                        + " its application creates it with its topology: start the application once, stop it, then run"
                        + " restore metadata again to set its offsets on " + offsets.size() + " partitions"));
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
                    + " partitions, RF " + want.replicationFactor() + (configs.isEmpty() ? "" : ", " + ConfigDiff.masked(configs)) + ")",
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
        ConfigDiff.changes(want, have).forEach(c -> out.add(c.line("backup", "cluster")));
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

    private static void group(Kind set, String group, List<PartitionOffset> want, List<PartitionOffset> have, boolean active,
                              Set<String> dataRestored, List<RestoreStep> out) {
        String noun = switch (set) {
            case SET_SHARE_GROUP_OFFSETS -> "share group " + group;
            case SET_STREAMS_GROUP_OFFSETS -> "streams group " + group;
            default -> "group " + group;
        };
        String offsetsOf = set == Kind.SET_SHARE_GROUP_OFFSETS ? "start offsets" : "offsets";
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
                out.add(RestoreStep.report(Kind.SKIPPED, group, noun + " has active members; its " + offsetsOf + " on "
                        + missing.size() + " partitions cannot be set now"));
            } else {
                out.add(new RestoreStep(set, group, "set " + offsetsOf + " of " + noun + " on "
                        + missing.size() + " partitions", null, null, missing, null));
            }
        }
        if (!differ.isEmpty()) {
            out.add(RestoreStep.report(Kind.DIFFERS, group, noun + " " + offsetsOf + " " + String.join("; ", differ)));
        }
        if (!mapped.isEmpty()) {
            out.add(RestoreStep.report(Kind.SKIPPED, group, noun + " " + offsetsOf + " on " + String.join(", ", mapped)
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
