package io.warden.runbook.cleanup;

import io.warden.WardenException;
import io.warden.kafka.Futures;
import io.warden.kafka.GroupProbe;
import io.warden.kafka.KafkaConnection;
import io.warden.protect.metadata.GroupOffsetsReader;
import io.warden.runbook.InfrastructureTopics;
import io.warden.runbook.dlq.ReplayProgress;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.ProbeFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * Finds topics and groups that are no longer used, by these rules:
 * <ul>
 * <li>an <b>empty topic</b> holds no record in any partition and no group has offsets on it;</li>
 * <li>an <b>idle topic</b> has records, none with a timestamp newer than the idle threshold (the
 *     partition's largest record timestamp, Kafka's ListOffsets MAX_TIMESTAMP), and no group has
 *     offsets on it;</li>
 * <li>an <b>inactive group</b>, of any type (classic, consumer, share, streams), is EMPTY (no members)
 *     and every topic it has offsets on (a share group: start offsets) got no record within the
 *     threshold (or no longer exists). A group that cannot be described is never a candidate. Kafka's Admin API does not tell when a group last
 *     committed, so the rule judges a group by the traffic on its topics, not by its commits.</li>
 * </ul>
 * Record timestamps are the producers' (CreateTime) unless a topic uses LogAppendTime. Kafka does
 * not expose when a topic was created, so a topic created moments ago and not yet written is empty too.
 *
 * <p>Unused-looking {@link InfrastructureTopics} and Warden's own progress groups (DLQ replays,
 * data restores) are skipped, each with its reason, unless an include pattern names them: they are
 * read without committed offsets, and deleting one breaks the system that owns it or makes the
 * next replay or restore start over and write everything again.
 *
 * <p>{@link #delete} checks each candidate again right before deleting it and leaves alone what
 * changed since the report; topics are deleted by the id the report saw, so a topic re-created
 * under the same name in between is never deleted.
 */
public final class CleanupService {

    /**
     * @param idle     how long without a new record makes a topic idle
     * @param include  names matching one of these (whole name) are candidates even when the skip rules keep them
     * @param declared further infrastructure topics, name to why (e.g. a Connect worker's storage topics)
     */
    public record Options(Duration idle, List<Pattern> include, Map<String, String> declared) {
        public Options {
            include = List.copyOf(include);
            declared = Map.copyOf(declared);
        }

        public static Options idle(Duration idle) {
            return new Options(idle, List.of(), Map.of());
        }

        boolean included(String name) {
            return include.stream().anyMatch(p -> p.matcher(name).matches());
        }
    }

    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;

    public CleanupService(KafkaConnection connection, Clock clock) {
        this.admin = connection.admin();
        this.timeout = connection.settings().timeout();
        this.clock = clock;
    }

    private record TopicUse(Uuid id, int partitions, long records, long lastRecordMillis, Map<TopicPartition, Long> ends) {
    }

    public CleanupReport report(Options options) {
        Instant now = clock.instant();
        long cutoff = now.minus(options.idle()).toEpochMilli();
        Set<String> names = new TreeSet<>(Futures.get(admin.listTopics(new ListTopicsOptions().listInternal(false)).names(), timeout));
        Map<String, TopicUse> topics = topicUse(names);
        Map<String, String> policies = InfrastructureTopics.cleanupPolicies(admin, topics.keySet(), timeout);
        InfrastructureTopics infrastructure = InfrastructureTopics.of(names, options.declared());
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new TreeMap<>();
        Map<String, GroupInfo> groups = groups(offsets);
        Set<String> read = new TreeSet<>();
        offsets.values().forEach(o -> o.keySet().forEach(tp -> read.add(tp.topic())));

        List<Candidate> found = new ArrayList<>();
        List<CleanupReport.Skipped> skipped = new ArrayList<>();
        Map<String, Uuid> ids = new HashMap<>();
        Map<String, Map<TopicPartition, Long>> ends = new HashMap<>();
        for (var e : topics.entrySet()) {
            String topic = e.getKey();
            TopicUse use = e.getValue();
            Candidate c = unusedTopic(topic, use, now, cutoff);
            if (c == null || read.contains(topic)) {
                continue;
            }
            String keep = options.included(topic) ? null : infrastructure.reason(topic, policies.get(topic));
            if (keep != null) {
                skipped.add(new CleanupReport.Skipped(c.kind(), topic, keep));
                continue;
            }
            found.add(c);
            ids.put(topic, use.id());
            ends.put(topic, use.ends());
        }
        Map<String, Map<TopicPartition, Long>> seenOffsets = new HashMap<>();
        Map<String, GroupType> types = new HashMap<>();
        for (var g : offsets.entrySet()) {
            Candidate c = inactiveGroup(g.getKey(), g.getValue(), groups.get(g.getKey()), topics, now, cutoff);
            if (c == null) {
                continue;
            }
            String keep = options.included(g.getKey()) ? null : wardenProgress(g.getKey(), g.getValue());
            if (keep != null) {
                skipped.add(new CleanupReport.Skipped(c.kind(), g.getKey(), keep));
                continue;
            }
            found.add(c);
            seenOffsets.put(g.getKey(), plain(g.getValue()));
            types.put(g.getKey(), groups.get(g.getKey()).type());
        }
        return new CleanupReport(now, options.idle(), found, skipped, new CleanupReport.Seen(ids, ends, seenOffsets, types));
    }

    private static Candidate unusedTopic(String topic, TopicUse use, Instant now, long cutoff) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("partitions", use.partitions());
        facts.put("recordsRetained", use.records());
        if (use.records() == 0) {
            return new Candidate(Candidate.Kind.EMPTY_TOPIC, topic, "no records in its " + use.partitions()
                    + " partition(s); no group has offsets on it", facts);
        }
        if (use.lastRecordMillis() >= 0 && use.lastRecordMillis() < cutoff) {
            facts.put("lastRecord", Instant.ofEpochMilli(use.lastRecordMillis()).toString());
            return new Candidate(Candidate.Kind.IDLE_TOPIC, topic, "newest record " + age(now, use.lastRecordMillis())
                    + " old (" + Instant.ofEpochMilli(use.lastRecordMillis()) + "), " + use.records()
                    + " records retained; no group has offsets on it", facts);
        }
        return null;
    }

    private static Candidate inactiveGroup(String group, Map<TopicPartition, OffsetAndMetadata> committed,
                                           GroupInfo g, Map<String, TopicUse> topics, Instant now, long cutoff) {
        if (g == null || g.problem() != null || !"EMPTY".equals(g.state()) || g.hasActiveMembers() || committed.isEmpty()) {
            return null;
        }
        Set<String> its = new TreeSet<>();
        committed.keySet().forEach(tp -> its.add(tp.topic()));
        long last = its.stream().mapToLong(t -> topics.containsKey(t) ? topics.get(t).lastRecordMillis() : -1).max().orElse(-1);
        if (last >= cutoff) {
            return null;
        }
        long lag = 0;
        for (var o : committed.entrySet()) {
            TopicUse use = topics.get(o.getKey().topic());
            Long end = use == null ? null : use.ends().get(o.getKey());
            if (end != null) {
                lag += Math.max(0, end - o.getValue().offset());
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("type", g.type().name());
        facts.put("state", "EMPTY");
        facts.put("topics", List.copyOf(its));
        facts.put("lag", lag);
        if (last >= 0) {
            facts.put("lastRecord", Instant.ofEpochMilli(last).toString());
        }
        return new Candidate(Candidate.Kind.INACTIVE_GROUP, group, (g.type() == GroupType.CLASSIC || g.type() == GroupType.CONSUMER
                ? "" : g.type() + " group, ") + "EMPTY, no members; its topics " + its
                + (last < 0 ? " hold no records or are gone" : " got no record for " + age(now, last)) + "; lag " + lag, facts);
    }

    /** Why a group holds Warden's own progress, or null. Deleting it makes the next run start over and write everything again. */
    private static String wardenProgress(String group, Map<TopicPartition, OffsetAndMetadata> committed) {
        if (group.startsWith(ReplayProgress.GROUP_PREFIX) || committed.values().stream().anyMatch(ReplayProgress::isProgress)) {
            return "a DLQ replay's progress: without it the next 'dlq replay' starts over and sends every record again";
        }
        if (group.startsWith(GroupOffsetsReader.DATA_RESTORE_PREFIX)) {
            return "a data restore's progress: without it the next 'restore' starts over and writes every record again";
        }
        return null;
    }

    /**
     * Deletes the report's candidates, each checked again first: a topic written to since the report,
     * re-created under its name, or that a group now has offsets on, and a group that was joined or
     * committed since, is skipped with the reason. Topics are deleted by the id the report saw.
     */
    public List<Outcome> delete(CleanupReport report) {
        Map<String, Candidate> byName = new HashMap<>();
        report.candidates().forEach(c -> byName.put((c.kind().isTopic() ? "topic:" : "group:") + c.name(), c));
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, String> groupChanges = groupChanges(report);
        List<String> groups = new ArrayList<>();
        for (String g : report.groups()) {
            String changed = groupChanges.get(g);
            if (changed != null) {
                outcomes.add(new Outcome(byName.get("group:" + g), Outcome.Status.SKIPPED, changed));
            } else {
                groups.add(g);
            }
        }
        Map<GroupType, List<String>> byType = new HashMap<>();
        groups.forEach(g -> byType.computeIfAbsent(report.seen().groupTypes().get(g), t -> new ArrayList<>()).add(g));
        byType.forEach((type, ids) -> deleteGroups(type, ids).forEach((g, f) -> outcomes.add(outcome(byName.get("group:" + g), f))));
        Map<String, String> topicChanges = topicChanges(report);
        Map<Uuid, String> ids = new LinkedHashMap<>();
        for (String t : report.topics()) {
            String changed = topicChanges.get(t);
            if (changed != null) {
                outcomes.add(new Outcome(byName.get("topic:" + t), Outcome.Status.SKIPPED, changed));
            } else {
                ids.put(report.seen().topicIds().get(t), t);
            }
        }
        if (!ids.isEmpty()) {
            admin.deleteTopics(TopicCollection.ofTopicIds(ids.keySet())).topicIdValues().forEach((id, f) ->
                    outcomes.add(outcome(byName.get("topic:" + ids.get(id)), f)));
        }
        return outcomes;
    }

    /** Each type's own delete call: Kafka refuses to delete a share or streams group through the consumer groups' one. */
    private Map<String, KafkaFuture<Void>> deleteGroups(GroupType type, List<String> ids) {
        return switch (type) {
            case SHARE -> admin.deleteShareGroups(ids).deletedGroups();
            case STREAMS -> admin.deleteStreamsGroups(ids).deletedGroups();
            case CLASSIC, CONSUMER -> admin.deleteConsumerGroups(ids).deletedGroups();
        };
    }

    private Outcome outcome(Candidate c, KafkaFuture<Void> future) {
        try {
            Futures.get(future, timeout);
            return new Outcome(c, Outcome.Status.DELETED, null);
        } catch (RuntimeException e) {
            return new Outcome(c, Outcome.Status.FAILED, Futures.describe(e));
        }
    }

    /** Why each candidate group must not be deleted now; absent when it is as the report saw it. */
    private Map<String, String> groupChanges(CleanupReport report) {
        Map<String, String> changed = new HashMap<>();
        if (report.groups().isEmpty()) {
            return changed;
        }
        List<ProbeFailure> failures = new ArrayList<>();
        Map<String, GroupInfo> now = new HashMap<>();
        GroupProbe.read(admin, timeout, Set.copyOf(report.groups()), failures).forEach(g -> now.put(g.groupId(), g));
        for (String g : report.groups()) {
            GroupInfo info = now.get(g);
            GroupType seenType = report.seen().groupTypes().get(g);
            String failed = failures.stream().filter(f -> f.target().equals(g) || f.target().equals("*"))
                    .map(ProbeFailure::message).findFirst().orElse(null);
            if (info == null || info.problem() != null || failed != null) {
                changed.put(g, "could not be checked again (" + (failed != null ? failed : info == null ? "not found" : info.problem()) + ")");
            } else if ("DEAD".equals(info.state())) {
                changed.put(g, "no longer exists");
            } else if (info.type() != seenType) {
                changed.put(g, "is a " + info.type() + " group now, the report saw a " + seenType + " group");
            } else if (!"EMPTY".equals(info.state()) || info.hasActiveMembers()) {
                changed.put(g, "joined since the report (" + info.state() + ", " + info.members().size() + " member(s))");
            } else if (!info.committed().equals(report.seen().groupOffsets().get(g))) {
                changed.put(g, seenType == GroupType.SHARE ? "start offsets moved since the report" : "committed offsets since the report");
            }
        }
        return changed;
    }

    /** Why each candidate topic must not be deleted now; absent when it is as the report saw it. */
    private Map<String, String> topicChanges(CleanupReport report) {
        Map<String, String> changed = new HashMap<>();
        if (report.topics().isEmpty()) {
            return changed;
        }
        Map<String, TopicDescription> now = new HashMap<>();
        admin.describeTopics(report.topics()).topicNameValues().forEach((t, f) -> {
            try {
                now.put(t, Futures.get(f, timeout));
            } catch (RuntimeException e) {
                changed.put(t, "could not be checked again (" + Futures.describe(e) + ")");
            }
        });
        List<TopicPartition> partitions = new ArrayList<>();
        now.forEach((t, d) -> {
            if (!d.topicId().equals(report.seen().topicIds().get(t))) {
                changed.put(t, "deleted and re-created since the report (topic id " + d.topicId() + ", the report saw "
                        + report.seen().topicIds().get(t) + ")");
            } else if (d.partitions().size() != report.seen().topicEnds().get(t).size()) {
                changed.put(t, "partitions were added since the report");
            } else {
                d.partitions().forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
            }
        });
        try {
            offsets(partitions, OffsetSpec.latest()).forEach((tp, info) -> {
                long then = report.seen().topicEnds().get(tp.topic()).get(tp);
                if (info.offset() != then) {
                    changed.putIfAbsent(tp.topic(), "written to since the report (partition " + tp.partition() + " ended at "
                            + then + ", now at " + info.offset() + ")");
                }
            });
        } catch (RuntimeException e) {
            partitions.forEach(tp -> changed.putIfAbsent(tp.topic(), "could not be checked again (" + Futures.describe(e) + ")"));
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new TreeMap<>();
        groups(offsets);
        offsets.forEach((g, o) -> o.keySet().forEach(tp -> {
            if (report.seen().topicIds().containsKey(tp.topic())) {
                changed.putIfAbsent(tp.topic(), "group " + g + " has offsets on it now");
            }
        }));
        return changed;
    }

    private Map<String, TopicUse> topicUse(Set<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions = Futures.get(admin.describeTopics(names).allTopicNames(), timeout);
        List<TopicPartition> partitions = descriptions.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
        var earliest = offsets(partitions, OffsetSpec.earliest());
        var latest = offsets(partitions, OffsetSpec.latest());
        var newest = offsets(partitions, OffsetSpec.maxTimestamp());
        Map<String, TopicUse> use = new TreeMap<>();
        for (TopicDescription d : descriptions.values()) {
            long records = 0;
            long last = -1;
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (var p : d.partitions()) {
                TopicPartition tp = new TopicPartition(d.name(), p.partition());
                records += latest.get(tp).offset() - earliest.get(tp).offset();
                ends.put(tp, latest.get(tp).offset());
                last = Math.max(last, newest.get(tp).timestamp());
            }
            use.put(d.name(), new TopicUse(d.topicId(), d.partitions().size(), records, last, ends));
        }
        return use;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return Futures.get(admin.listOffsets(request).all(), timeout);
    }

    /**
     * Every group of every type, filling {@code offsets} with each one's offsets: the committed
     * offsets with their metadata (which marks Warden's own progress), a share group's start offsets.
     */
    private Map<String, GroupInfo> groups(Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets) {
        List<ProbeFailure> failures = new ArrayList<>();
        Map<String, GroupInfo> groups = new TreeMap<>();
        GroupProbe.read(admin, timeout, null, failures).forEach(g -> groups.put(g.groupId(), g));
        failures.stream().filter(f -> f.target().equals("*")).findFirst().ifPresent(f -> {
            throw new WardenException(WardenException.UNAVAILABLE, "listing groups failed: " + f.message());
        });
        List<String> consumers = groups.values().stream()
                .filter(g -> g.type() == GroupType.CLASSIC || g.type() == GroupType.CONSUMER).map(GroupInfo::groupId).toList();
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        consumers.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
        var result = specs.isEmpty() ? null : admin.listConsumerGroupOffsets(specs);
        for (GroupInfo g : groups.values()) {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            if (result != null && consumers.contains(g.groupId())) {
                committed.putAll(Futures.get(result.partitionsToOffsetAndMetadata(g.groupId()), timeout));
                committed.values().removeIf(Objects::isNull);
            } else {
                g.committed().forEach((tp, o) -> committed.put(tp, new OffsetAndMetadata(o)));
            }
            offsets.put(g.groupId(), committed);
        }
        return groups;
    }

    private static Map<TopicPartition, Long> plain(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> out = new HashMap<>();
        committed.forEach((tp, o) -> {
            if (o != null) {
                out.put(tp, o.offset());
            }
        });
        return out;
    }

    private static String age(Instant now, long millis) {
        Duration d = Duration.between(Instant.ofEpochMilli(millis), now);
        return d.toDays() >= 1 ? String.format(java.util.Locale.ROOT, "%.1f days", d.toHours() / 24.0)
                : d.toHours() >= 1 ? d.toHours() + " h" : Math.max(0, d.toMinutes()) + " min";
    }
}
