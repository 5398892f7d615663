package io.warden.kafka;

import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.MemberInfo;
import io.warden.snapshot.ProbeFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeShareGroupsOptions;
import org.apache.kafka.clients.admin.DescribeStreamsGroupsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberAssignment;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The groups part of a {@link ClusterProbe} collection, for every group type: one ListGroups, then
 * per type its own describe and offsets call (consumer groups' for classic and consumer groups,
 * the share and streams calls for the others), all in flight together. A group that cannot be
 * described is kept with the reason and whatever else was read, so it never silently disappears.
 */
public final class GroupProbe {

    /** Waits for a future; a failure becomes a {@link ProbeFailure} and null. */
    @FunctionalInterface
    interface Await {
        <T> T await(KafkaFuture<T> future, String probe, String target, List<ProbeFailure> failures);
    }

    /** Consumer-protocol classic groups; other protocols (Connect workers, Schema Registry) hold no offsets. */
    private static final Set<String> CONSUMER_PROTOCOLS = Set.of("consumer", "");

    private final Admin admin;
    private final int ms;

    GroupProbe(Admin admin, int ms) {
        this.admin = admin;
        this.ms = ms;
    }

    /**
     * The groups of every type, or only the named ones, read now: for commands that need groups
     * without a whole snapshot. A call that fails is added to {@code failures} (a failed listing
     * as target "*"); a group that cannot be described is returned with its {@link GroupInfo#problem()}.
     */
    public static List<GroupInfo> read(Admin admin, java.time.Duration timeout, Set<String> named, List<ProbeFailure> failures) {
        return read(admin, timeout, named, Set.of(GroupType.values()), failures);
    }

    /** As {@link #read(Admin, java.time.Duration, Set, List)}, only groups of these types. */
    public static List<GroupInfo> read(Admin admin, java.time.Duration timeout, Set<String> named, Set<GroupType> types,
                                       List<ProbeFailure> failures) {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        GroupProbe probe = new GroupProbe(admin, ms);
        Await await = new Await() {
            @Override
            public <T> T await(KafkaFuture<T> future, String what, String target, List<ProbeFailure> out) {
                try {
                    return future == null ? null : Futures.get(future, timeout);
                } catch (RuntimeException e) {
                    out.add(new ProbeFailure(what, target, Futures.describe(e)));
                    return null;
                }
            }
        };
        var listed = await.await(probe.list(), "groups", "*", failures);
        if (listed == null && named == null) {
            return List.of();
        }
        Map<String, GroupListing> selected = select(listed, named);
        selected.values().removeIf(l -> !types.contains(type(l)));
        return collect(probe.request(selected), await, failures);
    }

    /** Every group of every type the brokers know. */
    KafkaFuture<Collection<GroupListing>> list() {
        return admin.listGroups(new ListGroupsOptions().timeoutMs(ms)).valid();
    }

    /**
     * The groups to collect by type: those listed (or only the named ones), a named group the
     * listing does not hold as a classic group, which Kafka describes as DEAD.
     */
    static Map<String, GroupListing> select(Collection<GroupListing> listed, Set<String> named) {
        Map<String, GroupListing> out = new TreeMap<>();
        if (listed != null) {
            for (GroupListing l : listed) {
                if ((named == null || named.contains(l.groupId())) && holdsOffsets(l)) {
                    out.put(l.groupId(), l);
                }
            }
        }
        if (named != null) {
            named.forEach(g -> out.putIfAbsent(g, new GroupListing(g, java.util.Optional.empty(), "consumer",
                    java.util.Optional.empty())));
        }
        return out;
    }

    private static boolean holdsOffsets(GroupListing l) {
        return type(l) != GroupType.CLASSIC || CONSUMER_PROTOCOLS.contains(l.protocol());
    }

    static GroupType type(GroupListing l) {
        return switch (l.type().orElse(org.apache.kafka.common.GroupType.CLASSIC)) {
            case CONSUMER -> GroupType.CONSUMER;
            case SHARE -> GroupType.SHARE;
            case STREAMS -> GroupType.STREAMS;
            default -> GroupType.CLASSIC;
        };
    }

    /** The describe and offsets requests of the selected groups, sent at once. */
    InFlight request(Map<String, GroupListing> groups) {
        Map<GroupType, List<String>> byType = new HashMap<>();
        groups.forEach((id, l) -> byType.computeIfAbsent(type(l), t -> new ArrayList<>()).add(id));
        List<String> consumer = Stream.concat(byType.getOrDefault(GroupType.CLASSIC, List.of()).stream(),
                byType.getOrDefault(GroupType.CONSUMER, List.of()).stream()).toList();
        List<String> share = byType.getOrDefault(GroupType.SHARE, List.of());
        List<String> streams = byType.getOrDefault(GroupType.STREAMS, List.of());
        Map<String, KafkaFuture<?>> described = new HashMap<>();
        Map<String, KafkaFuture<? extends Map<TopicPartition, ?>>> offsets = new HashMap<>();
        if (!consumer.isEmpty()) {
            described.putAll(admin.describeConsumerGroups(consumer, new DescribeConsumerGroupsOptions().timeoutMs(ms))
                    .describedGroups());
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            consumer.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
            var result = admin.listConsumerGroupOffsets(specs, new ListConsumerGroupOffsetsOptions().timeoutMs(ms));
            consumer.forEach(g -> offsets.put(g, result.partitionsToOffsetAndMetadata(g)));
        }
        if (!share.isEmpty()) {
            described.putAll(admin.describeShareGroups(share, new DescribeShareGroupsOptions().timeoutMs(ms)).describedGroups());
            Map<String, ListShareGroupOffsetsSpec> specs = new HashMap<>();
            share.forEach(g -> specs.put(g, new ListShareGroupOffsetsSpec()));
            var result = admin.listShareGroupOffsets(specs, new ListShareGroupOffsetsOptions().timeoutMs(ms));
            share.forEach(g -> offsets.put(g, result.partitionsToOffsetInfo(g)));
        }
        if (!streams.isEmpty()) {
            described.putAll(admin.describeStreamsGroups(streams, new DescribeStreamsGroupsOptions().timeoutMs(ms))
                    .describedGroups());
            Map<String, ListStreamsGroupOffsetsSpec> specs = new HashMap<>();
            streams.forEach(g -> specs.put(g, new ListStreamsGroupOffsetsSpec()));
            var result = admin.listStreamsGroupOffsets(specs, new ListStreamsGroupOffsetsOptions().timeoutMs(ms));
            streams.forEach(g -> offsets.put(g, result.partitionsToOffsetAndMetadata(g)));
        }
        return new InFlight(groups, described, offsets);
    }

    /** Requests sent, not yet awaited. */
    record InFlight(Map<String, GroupListing> groups, Map<String, KafkaFuture<?>> described,
                    Map<String, KafkaFuture<? extends Map<TopicPartition, ?>>> offsets) {
    }

    /** One record per selected group, by group id; a failed describe leaves a group with its reason. */
    static List<GroupInfo> collect(InFlight requests, Await await, List<ProbeFailure> failures) {
        List<GroupInfo> out = new ArrayList<>();
        requests.groups().forEach((id, listing) -> {
            GroupType type = type(listing);
            List<ProbeFailure> describing = new ArrayList<>();
            KafkaFuture<?> described = requests.described().get(id);
            Object description = await.await(described, "groups", id, describing);
            boolean gone = description == null && notFound(described);
            failures.addAll(gone ? List.of() : describing);
            String problem = describing.isEmpty() ? null : describing.get(0).message();
            Map<TopicPartition, ?> offsets = await.await(requests.offsets().get(id), "group-offsets", id, failures);
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, Long> lag = new HashMap<>();
            if (offsets != null) {
                offsets.forEach((tp, o) -> {
                    if (o instanceof OffsetAndMetadata om) {
                        committed.put(tp, om.offset());
                    } else if (o instanceof SharePartitionOffsetInfo info) {
                        committed.put(tp, info.startOffset());
                        info.lag().ifPresent(l -> lag.put(tp, l));
                    }
                });
            }
            if (description instanceof ConsumerGroupDescription d) {
                out.add(consumer(d, committed));
            } else if (description instanceof ShareGroupDescription d) {
                out.add(share(d, committed, lag));
            } else if (description instanceof StreamsGroupDescription d) {
                out.add(streams(d, committed));
            } else if (gone) {
                out.add(new GroupInfo(id, GroupState.DEAD.name(), type, -1, -1, List.of(), committed, lag, null));
            } else {
                out.add(new GroupInfo(id, listing.groupState().map(GroupState::name).orElse("UNKNOWN"), type, -1, -1,
                        List.of(), committed, lag, "could not be described: " + (problem == null ? "no answer" : problem)));
            }
        });
        return out;
    }

    /** The group does not exist (never did, or was deleted after the listing): not a group that cannot be described. */
    private static boolean notFound(KafkaFuture<?> future) {
        try {
            future.getNow(null);
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof GroupIdNotFoundException;
        } catch (InterruptedException | RuntimeException e) {
            return false;
        }
    }

    private static GroupInfo consumer(ConsumerGroupDescription d, Map<TopicPartition, Long> committed) {
        List<MemberInfo> members = d.members().stream()
                .map(m -> member(m.consumerId(), m.clientId(), m.host(), m.assignment().topicPartitions()))
                .sorted(Comparator.comparing(MemberInfo::memberId)).toList();
        GroupType type = d.type() == org.apache.kafka.common.GroupType.CONSUMER ? GroupType.CONSUMER : GroupType.CLASSIC;
        return new GroupInfo(d.groupId(), state(d.groupState()), type, coordinator(d.coordinator()),
                d.groupEpoch().orElse(-1), members, committed);
    }

    private static GroupInfo share(ShareGroupDescription d, Map<TopicPartition, Long> start, Map<TopicPartition, Long> lag) {
        List<MemberInfo> members = d.members().stream()
                .map(m -> member(m.consumerId(), m.clientId(), m.host(), m.assignment().topicPartitions()))
                .sorted(Comparator.comparing(MemberInfo::memberId)).toList();
        return new GroupInfo(d.groupId(), state(d.groupState()), GroupType.SHARE, coordinator(d.coordinator()),
                d.groupEpoch(), members, start, lag, null);
    }

    private static GroupInfo streams(StreamsGroupDescription d, Map<TopicPartition, Long> committed) {
        // a task reads the same partition number of every source topic of its subtopology
        Map<String, List<String>> sources = new HashMap<>();
        d.subtopologies().forEach(s -> {
            List<String> topics = new ArrayList<>(s.sourceTopics());
            topics.addAll(s.repartitionSourceTopics().keySet());
            sources.put(s.subtopologyId(), topics);
        });
        List<MemberInfo> members = d.members().stream()
                .map(m -> member(m.memberId(), m.clientId(), m.clientHost(), inputs(m.assignment(), sources)))
                .sorted(Comparator.comparing(MemberInfo::memberId)).toList();
        return new GroupInfo(d.groupId(), state(d.groupState()), GroupType.STREAMS, coordinator(d.coordinator()),
                d.groupEpoch(), members, committed);
    }

    private static Set<TopicPartition> inputs(StreamsGroupMemberAssignment assignment, Map<String, List<String>> sources) {
        Set<TopicPartition> out = new LinkedHashSet<>();
        for (var task : assignment.activeTasks()) {
            for (String topic : sources.getOrDefault(task.subtopologyId(), List.of())) {
                task.partitions().forEach(p -> out.add(new TopicPartition(topic, p)));
            }
        }
        return out;
    }

    private static MemberInfo member(String id, String clientId, String host, Collection<TopicPartition> assignment) {
        return new MemberInfo(id, clientId, host, assignment.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)).toList());
    }

    private static String state(GroupState state) {
        return state == null ? "UNKNOWN" : state.name();
    }

    private static int coordinator(Node node) {
        return node == null ? -1 : node.id();
    }
}
