package io.warden.runbook.cleanup;

import io.warden.kafka.KafkaConnection;
import io.warden.kafka.Futures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds topics and groups that are no longer used, by these rules:
 * <ul>
 * <li>an <b>empty topic</b> holds no record in any partition and no group has offsets on it;</li>
 * <li>an <b>idle topic</b> has records, none with a timestamp newer than the idle threshold (the
 *     partition's largest record timestamp, Kafka's ListOffsets MAX_TIMESTAMP), and no group has
 *     offsets on it;</li>
 * <li>an <b>inactive group</b> is EMPTY (no members) and every topic it has offsets on got no record
 *     within the threshold (or no longer exists). Kafka's Admin API does not tell when a group last
 *     committed, so the rule judges a group by the traffic on its topics, not by its commits.</li>
 * </ul>
 * Record timestamps are the producers' (CreateTime) unless a topic uses LogAppendTime. Topics whose
 * names start with {@code __} (Kafka's own, Warden's canary) are never candidates. Kafka does not
 * expose when a topic was created, so a topic created moments ago and not yet written is empty too.
 */
public final class CleanupService {

    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;

    public CleanupService(KafkaConnection connection, Clock clock) {
        this.admin = connection.admin();
        this.timeout = connection.settings().timeout();
        this.clock = clock;
    }

    private record TopicUse(int partitions, long records, long lastRecordMillis, Map<TopicPartition, Long> ends) {
    }

    public CleanupReport report(Duration idle) {
        Instant now = clock.instant();
        long cutoff = now.minus(idle).toEpochMilli();
        Set<String> names = new TreeSet<>(Futures.get(admin.listTopics(new ListTopicsOptions().listInternal(false)).names(), timeout));
        names.removeIf(n -> n.startsWith("__")); // Kafka's and tools' own topics (__consumer_offsets, __warden_canary, ...)
        Map<String, TopicUse> topics = topicUse(names);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new TreeMap<>();
        Map<String, ConsumerGroupDescription> groups = groups(offsets);

        List<Candidate> found = new ArrayList<>();
        for (var e : topics.entrySet()) {
            String topic = e.getKey();
            TopicUse use = e.getValue();
            List<String> readers = offsets.entrySet().stream()
                    .filter(g -> g.getValue().keySet().stream().anyMatch(tp -> tp.topic().equals(topic))).map(Map.Entry::getKey).toList();
            if (!readers.isEmpty()) {
                continue;
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("partitions", use.partitions());
            facts.put("recordsRetained", use.records());
            if (use.records() == 0) {
                found.add(new Candidate(Candidate.Kind.EMPTY_TOPIC, topic, "no records in its " + use.partitions()
                        + " partition(s); no group has offsets on it", facts));
            } else if (use.lastRecordMillis() >= 0 && use.lastRecordMillis() < cutoff) {
                facts.put("lastRecord", Instant.ofEpochMilli(use.lastRecordMillis()).toString());
                found.add(new Candidate(Candidate.Kind.IDLE_TOPIC, topic, "newest record " + age(now, use.lastRecordMillis())
                        + " old (" + Instant.ofEpochMilli(use.lastRecordMillis()) + "), " + use.records()
                        + " records retained; no group has offsets on it", facts));
            }
        }
        for (var g : offsets.entrySet()) {
            ConsumerGroupDescription d = groups.get(g.getKey());
            if (d == null || d.groupState() != GroupState.EMPTY || !d.members().isEmpty() || g.getValue().isEmpty()) {
                continue;
            }
            Set<String> its = new TreeSet<>();
            g.getValue().keySet().forEach(tp -> its.add(tp.topic()));
            long last = its.stream().mapToLong(t -> topics.containsKey(t) ? topics.get(t).lastRecordMillis() : -1).max().orElse(-1);
            if (last >= cutoff) {
                continue;
            }
            long lag = 0;
            for (var o : g.getValue().entrySet()) {
                TopicUse use = topics.get(o.getKey().topic());
                Long end = use == null ? null : use.ends().get(o.getKey());
                if (end != null && o.getValue() != null) {
                    lag += Math.max(0, end - o.getValue().offset());
                }
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("state", "EMPTY");
            facts.put("topics", List.copyOf(its));
            facts.put("lag", lag);
            if (last >= 0) {
                facts.put("lastRecord", Instant.ofEpochMilli(last).toString());
            }
            found.add(new Candidate(Candidate.Kind.INACTIVE_GROUP, g.getKey(), "EMPTY, no members; its topics " + its
                    + (last < 0 ? " hold no records or are gone" : " got no record for " + age(now, last)) + "; lag " + lag, facts));
        }
        return new CleanupReport(now, idle, found);
    }

    /** Deletes the report's topics and groups, each on its own; the reason per name that failed, none when all went. */
    public Map<String, String> delete(CleanupReport report) {
        Map<String, String> failed = new LinkedHashMap<>();
        if (!report.groups().isEmpty()) {
            admin.deleteConsumerGroups(report.groups()).deletedGroups().forEach((g, f) -> wait(g, f, failed));
        }
        if (!report.topics().isEmpty()) {
            admin.deleteTopics(report.topics()).topicNameValues().forEach((t, f) -> wait(t, f, failed));
        }
        return failed;
    }

    private void wait(String name, org.apache.kafka.common.KafkaFuture<Void> future, Map<String, String> failed) {
        try {
            Futures.get(future, timeout);
        } catch (RuntimeException e) {
            failed.put(name, Futures.describe(e));
        }
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
            use.put(d.name(), new TopicUse(d.partitions().size(), records, last, ends));
        }
        return use;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return Futures.get(admin.listOffsets(request).all(), timeout);
    }

    private Map<String, ConsumerGroupDescription> groups(Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets) {
        Set<String> ids = new TreeSet<>();
        for (GroupListing g : Futures.get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).valid(), timeout)) {
            ids.add(g.groupId());
        }
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
        var result = admin.listConsumerGroupOffsets(specs);
        for (String id : ids) {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(Futures.get(result.partitionsToOffsetAndMetadata(id), timeout));
            committed.values().removeIf(java.util.Objects::isNull);
            offsets.put(id, committed);
        }
        return Futures.get(admin.describeConsumerGroups(ids).all(), timeout);
    }

    private static String age(Instant now, long millis) {
        Duration d = Duration.between(Instant.ofEpochMilli(millis), now);
        return d.toDays() >= 1 ? String.format(java.util.Locale.ROOT, "%.1f days", d.toHours() / 24.0)
                : d.toHours() >= 1 ? d.toHours() + " h" : Math.max(0, d.toMinutes()) + " min";
    }
}
