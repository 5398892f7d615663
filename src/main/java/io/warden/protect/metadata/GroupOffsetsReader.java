package io.warden.protect.metadata;

import io.warden.WardenException;
import io.warden.kafka.Futures;
import io.warden.kafka.GroupProbe;
import io.warden.kafka.RecordText;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.ProbeFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Groups' offsets (consumer groups' committed offsets, share groups' start offsets, streams
 * groups' committed offsets) and which groups have active members, in batched Admin calls.
 */
public final class GroupOffsetsReader {

    /**
     * Groups named so hold a data restore's progress (next source offset per target partition), not
     * a consumer's position: never backed up as a consumer group, and their partitions hold restored
     * records whose offsets differ from the source's.
     */
    public static final String DATA_RESTORE_PREFIX = "warden-restore-";
    /**
     * The commit metadata of an offset that a metadata restore set verbatim: a source offset number,
     * which a data restore may replace with the offset mapped to the same record.
     */
    public static final String VERBATIM = "warden restore metadata: verbatim source offset";

    private final Admin admin;
    private final Duration timeout;

    public GroupOffsetsReader(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Every consumer group's committed offsets on the given topics, by group; groups without any are left out. */
    public Map<String, List<PartitionOffset>> offsets(Set<String> topics) {
        Set<String> groups = new TreeSet<>();
        Futures.get(admin.listConsumerGroups().all(), timeout).forEach(g -> groups.add(g.groupId()));
        Map<String, List<PartitionOffset>> result = new TreeMap<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = committed(groups);
        all.forEach((group, offsets) -> {
            List<PartitionOffset> list = new ArrayList<>();
            offsets.forEach((tp, om) -> {
                if (topics.contains(tp.topic())) {
                    list.add(new PartitionOffset(tp.topic(), tp.partition(), om.offset()));
                }
            });
            if (!list.isEmpty()) {
                list.sort(Comparator.comparing(PartitionOffset::topic).thenComparingInt(PartitionOffset::partition));
                result.put(group, list);
            }
        });
        return result;
    }

    /**
     * Share groups' start offsets and streams groups' committed offsets on the given topics, by
     * type and group; groups without any are left out. A group that could not be read fails the
     * whole call: a backup that silently lacks a group would be restored without it.
     */
    public Map<GroupType, Map<String, List<PartitionOffset>>> shareAndStreamsOffsets(Set<String> topics) {
        Map<GroupType, Map<String, List<PartitionOffset>>> out = new EnumMap<>(GroupType.class);
        out.put(GroupType.SHARE, new TreeMap<>());
        out.put(GroupType.STREAMS, new TreeMap<>());
        for (GroupInfo g : read(null, EnumSet.of(GroupType.SHARE, GroupType.STREAMS))) {
            List<PartitionOffset> list = new ArrayList<>();
            g.committed().forEach((tp, offset) -> {
                if (topics.contains(tp.topic()) && offset >= 0) {
                    list.add(new PartitionOffset(tp.topic(), tp.partition(), offset));
                }
            });
            if (!list.isEmpty()) {
                list.sort(Comparator.comparing(PartitionOffset::topic).thenComparingInt(PartitionOffset::partition));
                out.get(g.type()).put(g.groupId(), list);
            }
        }
        return out;
    }

    /** Those of the named groups, of any type, that exist and have members now: their offsets cannot be altered. */
    public Set<String> active(Collection<String> names) {
        Set<String> active = new TreeSet<>();
        groups(names).values().forEach(g -> {
            if (g.hasActiveMembers()) {
                active.add(g.groupId());
            }
        });
        return active;
    }

    /** The named groups as the cluster has them now, any type; one it does not know reads as a DEAD classic group. */
    public Map<String, GroupInfo> groups(Collection<String> names) {
        Map<String, GroupInfo> out = new TreeMap<>();
        if (!names.isEmpty()) {
            read(Set.copyOf(names), EnumSet.allOf(GroupType.class)).forEach(g -> out.put(g.groupId(), g));
        }
        return out;
    }

    private List<GroupInfo> read(Set<String> named, Set<GroupType> types) {
        List<ProbeFailure> failures = new ArrayList<>();
        List<GroupInfo> groups = GroupProbe.read(admin, timeout, named, types, failures);
        if (!failures.isEmpty()) {
            ProbeFailure f = failures.get(0);
            throw new WardenException(WardenException.UNAVAILABLE, "reading " + ("*".equals(f.target()) ? "the group list"
                    : "group '" + RecordText.escape(f.target()) + "'") + " failed: " + RecordText.escape(f.message()));
        }
        return groups;
    }

    /** Sets a share group's start offsets: its members start reading there (the group must have no members). */
    public void alterShare(String group, List<PartitionOffset> offsets) {
        Map<TopicPartition, Long> m = new HashMap<>();
        offsets.forEach(o -> m.put(new TopicPartition(o.topic(), o.partition()), o.offset()));
        Futures.get(admin.alterShareGroupOffsets(group, m).all(), timeout);
    }

    /** Sets a streams group's committed offsets (the group must have no members). */
    public void alterStreams(String group, List<PartitionOffset> offsets) {
        Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
        offsets.forEach(o -> m.put(new TopicPartition(o.topic(), o.partition()), new OffsetAndMetadata(o.offset())));
        Futures.get(admin.alterStreamsGroupOffsets(group, m).all(), timeout);
    }

    /** The named groups' committed offsets with their commit metadata; a group without any maps to an empty map. */
    public Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Collection<String> names) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new TreeMap<>();
        names.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> result = new TreeMap<>();
        if (!specs.isEmpty()) {
            Futures.get(admin.listConsumerGroupOffsets(specs).all(), timeout).forEach((g, offsets) -> {
                Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
                offsets.forEach((tp, om) -> {
                    if (om != null) {
                        present.put(tp, om);
                    }
                });
                result.put(g, present);
            });
        }
        return result;
    }

    /** Sets the offsets verbatim, marked so a data restore knows they are unmapped source offsets. */
    void alter(String group, List<PartitionOffset> offsets) {
        alter(group, offsets, VERBATIM);
    }

    public void alter(String group, List<PartitionOffset> offsets, String metadata) {
        Map<TopicPartition, OffsetAndMetadata> m = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        offsets.forEach(o -> m.put(new TopicPartition(o.topic(), o.partition()), new OffsetAndMetadata(o.offset(), metadata)));
        Futures.get(admin.alterConsumerGroupOffsets(group, m).all(), timeout);
    }
}
