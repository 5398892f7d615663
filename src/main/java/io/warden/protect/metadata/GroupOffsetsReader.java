package io.warden.protect.metadata;

import io.warden.kafka.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Consumer groups' committed offsets and which groups have active members, in batched Admin calls. */
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

    /** Those of the named groups that exist and have members now: their offsets cannot be altered. */
    public Set<String> active(Collection<String> names) {
        Set<String> active = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Futures.get(admin.listConsumerGroups().all(), timeout).forEach(g -> groups.add(g.groupId()));
        groups.retainAll(names);
        if (groups.isEmpty()) {
            return active;
        }
        Map<String, ConsumerGroupDescription> d = Futures.get(admin.describeConsumerGroups(groups).all(), timeout);
        d.forEach((g, desc) -> {
            if (!desc.members().isEmpty()) {
                active.add(g);
            }
        });
        return active;
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
