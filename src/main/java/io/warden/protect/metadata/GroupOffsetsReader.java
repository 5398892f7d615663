package io.warden.protect.metadata;

import io.warden.kafka.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
final class GroupOffsetsReader {

    private final Admin admin;
    private final Duration timeout;

    GroupOffsetsReader(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Every consumer group's committed offsets on the given topics, by group; groups without any are left out. */
    Map<String, List<PartitionOffset>> offsets(Set<String> topics) {
        Set<String> groups = new TreeSet<>();
        Futures.get(admin.listConsumerGroups().all(), timeout).forEach(g -> groups.add(g.groupId()));
        Map<String, List<PartitionOffset>> result = new TreeMap<>();
        if (groups.isEmpty()) {
            return result;
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new TreeMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all =
                Futures.get(admin.listConsumerGroupOffsets(specs).all(), timeout);
        all.forEach((group, offsets) -> {
            List<PartitionOffset> list = new ArrayList<>();
            offsets.forEach((tp, om) -> {
                if (om != null && topics.contains(tp.topic())) {
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
    Set<String> active(Collection<String> names) {
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

    void alter(String group, List<PartitionOffset> offsets) {
        Map<TopicPartition, OffsetAndMetadata> m = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        offsets.forEach(o -> m.put(new TopicPartition(o.topic(), o.partition()), new OffsetAndMetadata(o.offset())));
        Futures.get(admin.alterConsumerGroupOffsets(group, m).all(), timeout);
    }
}
