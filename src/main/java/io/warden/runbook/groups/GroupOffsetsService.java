package io.warden.runbook.groups;

import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;

import io.warden.WardenException;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditSink;
import io.warden.kafka.KafkaConnection;
import io.warden.runbook.groups.ResetPlan.GroupReset;
import io.warden.runbook.groups.ResetPlan.Member;
import io.warden.runbook.groups.ResetPlan.PartitionReset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Reads and changes consumer groups' committed offsets: plans a reset (nothing changes), applies a
 * plan, exports offsets, deletes groups. A group with active members is never changed.
 */
public final class GroupOffsetsService {

    private final io.warden.kafka.AccessAdvice access;
    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;
    private final String cluster;

    public GroupOffsetsService(KafkaConnection connection, Clock clock) {
        this.cluster = connection.settings().bootstrapServers();
        this.access = connection.access();
        this.admin = connection.admin();
        this.timeout = connection.settings().timeout();
        this.clock = clock;
    }

    /**
     * Which partitions a reset covers.
     *
     * @param topics    {@code topic} or {@code topic:0,2}; ignored for a reset from a file
     * @param allTopics every partition the group has committed offsets for
     */
    public record Scope(List<String> topics, boolean allTopics) {
        public Scope {
            topics = List.copyOf(topics);
            wanted(topics); // a malformed TOPIC:P,P fails here, before anything connects
        }

        /** Topic to the partitions named, empty for all of its partitions. */
        Map<String, List<Integer>> wanted() {
            return wanted(topics);
        }

        private static Map<String, List<Integer>> wanted(List<String> specs) {
            Map<String, List<Integer>> wanted = new LinkedHashMap<>();
            for (String spec : specs) {
                int colon = spec.lastIndexOf(':');
                String topic = colon < 0 ? spec : spec.substring(0, colon);
                if (topic.isBlank()) {
                    throw new WardenException(WardenException.USAGE, "--topic '" + spec + "' names no topic; write TOPIC or TOPIC:P,P");
                }
                List<Integer> parts = new ArrayList<>();
                if (colon >= 0) {
                    for (String p : spec.substring(colon + 1).split(",")) {
                        try {
                            parts.add(Integer.parseInt(p.strip()));
                        } catch (NumberFormatException e) {
                            throw new WardenException(WardenException.USAGE, "--topic " + spec + ": '" + p
                                    + "' is not a partition number; write TOPIC or TOPIC:P,P");
                        }
                        if (parts.get(parts.size() - 1) < 0) {
                            throw new WardenException(WardenException.USAGE, "--topic " + spec + ": partition " + p.strip()
                                    + " is negative");
                        }
                    }
                }
                wanted.computeIfAbsent(topic, t -> new ArrayList<>()).addAll(parts);
            }
            return wanted;
        }
    }

    /** The plan of a reset; nothing is changed. */
    public ResetPlan planReset(List<String> groups, Scope scope, ResetMode mode) {
        Map<String, Map<TopicPartition, Long>> fromFile = mode instanceof ResetMode.FromFile f ? f.offsets() : Map.of();
        List<String> names = new ArrayList<>(new LinkedHashSet<>(groups.isEmpty() ? fromFile.keySet() : groups));
        if (names.isEmpty()) {
            throw new WardenException(WardenException.USAGE, "name the group(s) with --group");
        }
        refuseOtherTypes(names, "reset offsets of");
        Map<String, ConsumerGroupDescription> described = describe(names);
        Map<String, Map<TopicPartition, Long>> committed = committed(names);
        Map<String, Set<TopicPartition>> partitions = new LinkedHashMap<>();
        for (String g : names) {
            Set<TopicPartition> tps;
            if (mode instanceof ResetMode.FromFile) {
                tps = fromFile.getOrDefault(g, Map.of()).keySet();
            } else if (scope.allTopics()) {
                tps = committed.get(g).keySet();
            } else if (!scope.topics().isEmpty()) {
                tps = partitionsOf(scope.wanted());
            } else {
                throw new WardenException(WardenException.USAGE, "say which partitions: --topic TOPIC[:P,P] or --all-topics");
            }
            partitions.put(g, sorted(tps));
        }
        Set<TopicPartition> every = new LinkedHashSet<>();
        partitions.values().forEach(every::addAll);
        Map<TopicPartition, Long> starts = offsets(every, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(every, OffsetSpec.latest());
        Map<TopicPartition, Long> atTime = timeOffsets(mode, every);
        List<GroupReset> out = new ArrayList<>();
        for (String g : names) {
            List<PartitionReset> rows = new ArrayList<>();
            for (TopicPartition tp : partitions.get(g)) {
                Long current = committed.get(g).get(tp);
                var p = new PartitionOffsets(tp, current, starts.get(tp), ends.get(tp), atTime.get(tp));
                long target = ResetPlanner.target(mode, p, fromFile.getOrDefault(g, Map.of()).get(tp));
                rows.add(new PartitionReset(tp.topic(), tp.partition(), current, target, p.logStart(), p.logEnd()));
            }
            ConsumerGroupDescription d = described.get(g);
            out.add(new GroupReset(g, d == null ? "DEAD" : d.groupState().toString(), members(d), rows));
        }
        return new ResetPlan(mode.describe(), out);
    }

    /**
     * Resets offsets as planned: saves the offsets it replaces to undo files ({@link UndoFiles}),
     * commits ({@link #applyReset}), then records one {@code groups.reset-offsets} event per group.
     *
     * @param undoFile one undo file for every group, or null for one per group in the working directory
     * @return the undo files written
     */
    public List<Path> resetOffsets(ResetPlan plan, Path undoFile, AuditSink audit) {
        List<Path> undoFiles = UndoFiles.save(plan, undoFile, clock);
        applyReset(plan);
        for (int i = 0; i < plan.groups().size(); i++) {
            GroupReset g = plan.groups().get(i);
            Path undo = undoFiles.get(undoFiles.size() == 1 ? 0 : i);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("mode", plan.mode());
            data.put("partitions", g.partitions().stream().map(p -> Map.of("topic", p.topic(), "partition",
                    p.partition(), "from", p.current() == null ? "none" : p.current(), "to", p.target())).toList());
            data.put("undoFile", undo.toString());
            audit.appendChange(new AuditEvent(clock.instant(), "groups.reset-offsets", cluster, g.group(), data),
                    "offsets of group " + g.group() + " WERE reset (undo file " + undo + ")");
        }
        return undoFiles;
    }

    /**
     * Commits the plan's new offsets, group by group, after checking again that no member joined.
     * The caller saves the previous offsets first ({@link #previousOffsets}).
     */
    public void applyReset(ResetPlan plan) {
        refuseActive(plan.groups().stream().map(GroupReset::group).toList(), "reset offsets of");
        List<String> done = new ArrayList<>();
        for (GroupReset g : plan.groups()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            g.partitions().forEach(p -> offsets.put(new TopicPartition(p.topic(), p.partition()), new OffsetAndMetadata(p.target())));
            if (offsets.isEmpty()) {
                continue;
            }
            try {
                AdminCalls.await(admin.alterConsumerGroupOffsets(g.group(), offsets).all(), timeout,
                        "committing the offsets of group '" + g.group() + "'", access, READ, g.group(),
                        offsets.keySet().stream().map(TopicPartition::topic).toList());
            } catch (WardenException e) {
                if (done.isEmpty()) {
                    throw e;
                }
                throw new WardenException(e.exitCode(), "offsets of group(s) " + done + " WERE reset, the others not: "
                        + e.getMessage(), e);
            }
            done.add(g.group());
        }
    }

    /** The committed offsets a plan replaces (group -> partition -> offset), for the undo file. */
    public static Map<String, Map<TopicPartition, Long>> previousOffsets(GroupReset g) {
        Map<TopicPartition, Long> map = new LinkedHashMap<>();
        g.partitions().stream().filter(p -> p.current() != null)
                .forEach(p -> map.put(new TopicPartition(p.topic(), p.partition()), p.current()));
        return Map.of(g.group(), map);
    }

    /** Committed offsets per group (empty for a group without any). */
    public Map<String, Map<TopicPartition, Long>> committed(List<String> groups) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        var result = AdminCalls.await(admin.listConsumerGroupOffsets(specs).all(), timeout, "reading committed offsets",
                access, DESCRIBE, null, List.of());
        Map<String, Map<TopicPartition, Long>> out = new LinkedHashMap<>();
        for (String g : groups) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            result.getOrDefault(g, Map.of()).forEach((tp, om) -> {
                if (om != null && om.offset() >= 0) {
                    offsets.put(tp, om.offset());
                }
            });
            out.put(g, offsets);
        }
        return out;
    }

    /** The members of each group, empty when it has none (or does not exist). */
    public Map<String, List<Member>> activeMembers(List<String> groups) {
        Map<String, List<Member>> out = new LinkedHashMap<>();
        describe(groups).forEach((g, d) -> out.put(g, members(d)));
        return out;
    }

    private static List<Member> members(ConsumerGroupDescription d) {
        return d == null ? List.of() : d.members().stream().map(m -> new Member(m.consumerId(), m.host(), m.clientId())).toList();
    }

    /** Throws a usage error naming the members when any of the groups has active members. */
    public void refuseActive(List<String> groups, String verb) {
        activeMembers(groups).forEach((g, members) -> {
            if (!members.isEmpty()) {
                throw new WardenException(WardenException.USAGE, "cannot " + verb + " group '" + g + "': it has "
                        + members.size() + " active member(s): " + members
                        + "; stop its consumers first (Kafka refuses changes to an active group)");
            }
        });
    }

    /**
     * Throws a usage error naming the first share or streams group among them: this service reads
     * and commits consumer-group offsets, which a share group does not have (its start offsets are
     * the broker's record of acknowledged deliveries) and which a streams group shares with its
     * internal topics, so applying it to either would do the wrong thing.
     */
    public void refuseOtherTypes(List<String> groups, String verb) {
        Set<String> wanted = new LinkedHashSet<>(groups);
        var listed = AdminCalls.await(admin.listGroups(new org.apache.kafka.clients.admin.ListGroupsOptions()).valid(), timeout,
                "listing groups");
        for (var l : listed) {
            if (!wanted.contains(l.groupId()) || l.type().isEmpty()) {
                continue;
            }
            switch (l.type().get()) {
                case SHARE -> throw new WardenException(WardenException.USAGE, "cannot " + verb + " share group '" + l.groupId()
                        + "': it has start offsets, not committed offsets, and this command handles consumer groups only;"
                        + " use kafka-share-groups.sh" + (verb.equals("delete") ? " --delete, or warden cleanup" : " --reset-offsets"));
                case STREAMS -> throw new WardenException(WardenException.USAGE, "cannot " + verb + " streams group '" + l.groupId()
                        + "': this command handles consumer groups only; use kafka-streams-groups.sh, which also handles the"
                        + " application's internal topics" + (verb.equals("delete") ? ", or warden cleanup" : ""));
                default -> {
                }
            }
        }
    }

    /** Throws a usage error when one of the groups has active members or does not exist. */
    public void checkDeletable(List<String> groups) {
        refuseOtherTypes(groups, "delete");
        refuseActive(groups, "delete");
        describe(groups).forEach((g, d) -> {
            if (d == null || d.groupState() == org.apache.kafka.common.GroupState.DEAD) {
                throw new WardenException(WardenException.USAGE, "consumer group '" + g
                        + "' does not exist; list groups with: warden groups list");
            }
        });
    }

    /** Deletes groups without members; refuses all of them if one has members or does not exist. */
    public void delete(List<String> groups) {
        checkDeletable(groups);
        AdminCalls.await(admin.deleteConsumerGroups(groups).all(), timeout, "deleting groups " + groups, access, DELETE, null, List.of());
    }

    private Map<String, ConsumerGroupDescription> describe(List<String> groups) {
        Map<String, ConsumerGroupDescription> out = new LinkedHashMap<>();
        var futures = admin.describeConsumerGroups(groups).describedGroups();
        for (String g : groups) {
            try {
                out.put(g, AdminCalls.await(futures.get(g), timeout, "describing group '" + g + "'", access, DESCRIBE, g, List.of()));
            } catch (WardenException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                out.put(g, null); // a group that does not exist yet has no members; a reset creates it
            }
        }
        return out;
    }

    private Set<TopicPartition> partitionsOf(Map<String, List<Integer>> wanted) {
        Map<String, TopicDescription> described;
        try {
            described = AdminCalls.await(admin.describeTopics(wanted.keySet()).allTopicNames(), timeout, "describing topics",
                    access, DESCRIBE, null, wanted.keySet());
        } catch (WardenException e) {
            if (io.warden.kafka.AccessAdvice.authorization(e) != null) {
                throw e; // it already says which ACL is missing
            }
            throw new WardenException(WardenException.USAGE, "cannot read topics " + wanted.keySet() + ": " + e.getMessage(), e);
        }
        Set<TopicPartition> out = new LinkedHashSet<>();
        wanted.forEach((topic, parts) -> {
            int count = described.get(topic).partitions().size();
            if (parts.isEmpty()) {
                for (int p = 0; p < count; p++) {
                    out.add(new TopicPartition(topic, p));
                }
            }
            for (int p : parts) {
                if (p < 0 || p >= count) {
                    throw new WardenException(WardenException.USAGE, "topic '" + topic + "' has no partition " + p
                            + " (it has " + count + ")");
                }
                out.add(new TopicPartition(topic, p));
            }
        });
        return out;
    }

    private Map<TopicPartition, Long> timeOffsets(ResetMode mode, Set<TopicPartition> partitions) {
        long millis;
        if (mode instanceof ResetMode.ToDatetime t) {
            millis = t.time().toEpochMilli();
        } else if (mode instanceof ResetMode.ByDuration d) {
            millis = clock.instant().minus(d.duration()).toEpochMilli();
        } else {
            return Map.of();
        }
        Map<TopicPartition, Long> found = offsets(partitions, OffsetSpec.forTimestamp(millis));
        found.values().removeIf(o -> o < 0); // no message at or after the time
        return found;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = partitions.isEmpty() ? Map.of()
                : AdminCalls.await(admin.listOffsets(request).all(), timeout, "reading log offsets", access, DESCRIBE, null,
                        request.keySet().stream().map(TopicPartition::topic).toList());
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static Set<TopicPartition> sorted(Set<TopicPartition> tps) {
        List<TopicPartition> list = new ArrayList<>(tps);
        list.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return new LinkedHashSet<>(list);
    }
}
