package io.warden.runbook.dlq;

import io.warden.WardenException;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.RecordText;
import io.warden.kafka.TopicScan;
import io.warden.runbook.InfrastructureTopics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-produces DLQ records to their original topics, exactly once for read_committed consumers.
 *
 * <p>Each batch of records is produced in one Kafka transaction together with the DLQ offsets they
 * came from ({@code sendOffsetsToTransaction} to the progress group). Either both the records and
 * the progress are committed, or neither: a replay that dies between the brokers' acknowledgement
 * and the commit leaves an open transaction, which the next replay's {@code initTransactions}
 * (same {@code transactional.id}, derived from the progress group) aborts before it reads the
 * progress and resumes. Records of an aborted transaction stay in the log as aborted data:
 * read_uncommitted consumers (Kafka's default) may see them, and see them again when the replay
 * resumes; the {@code warden-replayed-from} header lets them drop such copies.
 */
public final class ReplayService {

    /** Header naming the DLQ record a replayed record came from: {@code topic-partition@offset}. */
    public static final String REPLAYED_FROM = "warden-replayed-from";
    /** Header naming the replay run that produced a record. */
    public static final String REPLAY_ID = "warden-replay-id";

    /**
     * @param to              target topic for every record, or null for each record's original topic
     * @param allowTopics     without {@code to}: the original topics records may go back to (whole name); the
     *                        others stay in the DLQ. Needed when the records name more than one topic; null for none
     * @param partitionByKey  let the producer choose the partition from the key instead of the original partition
     * @param filter          which records to take
     * @param errorHeader     the header naming the error for the filter, or null
     * @param progressGroup   the group holding the progress, or null for {@code warden-replay-<topic>}
     * @param maxRecords      replay at most this many records in this run
     * @param keepTimestamp   give replayed records their original timestamp instead of the time of the replay
     * @param transactionSize records per transaction
     */
    public record Options(String to, Pattern allowTopics, boolean partitionByKey, ReplayFilter filter, String errorHeader,
                          String progressGroup, long maxRecords, boolean keepTimestamp, int transactionSize) {
        public Options {
            if (to != null && allowTopics != null) {
                throw new WardenException(WardenException.USAGE, "--to and --allow-topics exclude each other: --to sends "
                        + "every record to one topic, --allow-topics chooses among the topics the records name");
            }
        }

        public static Options defaults() {
            return new Options(null, null, false, ReplayFilter.none(), null, null, Long.MAX_VALUE, false, 500);
        }
    }

    /** Hears about a replay's progress. */
    public interface Listener {
        /** The plan the replay carries out, before it sends anything; a plan with problems stops it next. */
        default void planned(ReplayPlan plan) {
        }

        /** After each committed transaction. */
        default void replayed(long done, long total) {
        }

        /** After a transaction's records were acknowledged by the brokers, before it commits. */
        default void committing(long replayedBefore) {
        }
    }

    private final ConnectionSettings settings;
    private final Clock clock;

    public ReplayService(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** What {@link #replay} would do, changing nothing. */
    public ReplayPlan plan(String topic, Options options) {
        try (KafkaConnection kafka = KafkaConnection.open(settings); TopicScan scan = TopicScan.open(settings, clock)) {
            return plan(kafka, scan, topic, options);
        } catch (RuntimeException e) {
            throw refused(topic, group(topic, options), e);
        }
    }

    /** A refusal by the authorizer as the ACL the replay needs; any other failure as it is. */
    private RuntimeException refused(String dlq, String group, RuntimeException e) {
        AuthorizationException refused = AccessAdvice.authorization(e);
        AccessAdvice access = AccessAdvice.of(settings);
        if (refused instanceof TransactionalIdAuthorizationException) {
            return access.denied("replaying in transactions", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, group, refused);
        }
        if (refused instanceof GroupAuthorizationException) {
            return access.denied("keeping the replay's progress", AclOperation.READ, ResourceType.GROUP, group, refused);
        }
        if (refused instanceof TopicAuthorizationException t && !t.unauthorizedTopics().isEmpty()) {
            String topic = t.unauthorizedTopics().contains(dlq) ? dlq : t.unauthorizedTopics().stream().sorted().findFirst().orElseThrow();
            return topic.equals(dlq) ? access.denied("reading the DLQ", AclOperation.READ, ResourceType.TOPIC, dlq, refused)
                    : access.denied("replaying into " + topic, AclOperation.WRITE, ResourceType.TOPIC, topic, refused);
        }
        return e;
    }

    private ReplayPlan plan(KafkaConnection kafka, TopicScan scan, String topic, Options options) {
        String group = group(topic, options);
        List<TopicPartition> parts = scan.partitions(topic);
        Map<TopicPartition, Long> begin = scan.beginnings(parts);
        Map<TopicPartition, Long> from = start(kafka, group, parts, begin);
        Map<TopicPartition, Long> to = scan.ends(parts);
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> perTopic = new TreeMap<>();
        Map<String, Long> notAllowed = new TreeMap<>();
        long[] n = new long[3]; // matching, filtered out, without target
        TopicScan.Outcome outcome = scan.read(from, to, Long.MAX_VALUE, r -> {
            if (n[0] >= options.maxRecords()) {
                return false;
            }
            Route route = route(r, options);
            switch (route.kind()) {
                case FILTERED -> n[1]++;
                case NO_TARGET -> n[2]++;
                case NOT_ALLOWED -> notAllowed.merge(route.topic(), 1L, Long::sum);
                case SEND -> {
                    n[0]++;
                    perTopic.merge(route.topic(), 1L, Long::sum);
                    counts.merge(route.topic() + "\u0000" + (route.partition() == null ? "" : route.partition()), 1L, Long::sum);
                }
            }
            return true;
        });
        List<ReplayPlan.Target> targets = new ArrayList<>();
        counts.forEach((k, v) -> {
            String[] tp = k.split("\u0000", -1);
            targets.add(new ReplayPlan.Target(tp[0], tp[1].isEmpty() ? null : Integer.valueOf(tp[1]), v));
        });
        List<ReplayPlan.Range> ranges = new ArrayList<>();
        parts.forEach(tp -> ranges.add(new ReplayPlan.Range(tp.partition(), begin.get(tp), from.get(tp), to.get(tp))));
        List<String> problems = new ArrayList<>();
        List<ReplayPlan.TopicTarget> topics = targetTopics(kafka, perTopic, notAllowed, options, problems);
        List<ReplayPlan.Target> checked = new ArrayList<>(targets);
        checked.removeIf(t -> topics.stream().anyMatch(x -> x.topic().equals(t.topic()) && x.verdict() == ReplayPlan.Verdict.REFUSE));
        if (options.to() != null && targets.isEmpty()) {
            checked.add(new ReplayPlan.Target(options.to(), null, 0)); // a wrong --to is wrong even with nothing to send
        }
        problems.addAll(problems(scan, checked));
        return new ReplayPlan(topic, group, ranges, n[0], n[1], n[2], topics, targets, options.filter().describe(),
                outcome.stopped(), problems);
    }

    /**
     * Judges each topic the records would go to. A topic a record's headers name is untrusted: anyone
     * who can write to the DLQ writes those headers, and the replay sends with the operator's rights.
     * So without --to, a header may not send records into another system's state (internal topics,
     * Connect, Schema Registry, Streams, MirrorMaker 2, compacted topics), and records naming several
     * topics need --allow-topics to say which ones are meant.
     */
    private List<ReplayPlan.TopicTarget> targetTopics(KafkaConnection kafka, Map<String, Long> perTopic, Map<String, Long> notAllowed,
                                                      Options options, List<String> problems) {
        List<ReplayPlan.TopicTarget> topics = new ArrayList<>();
        if (options.to() != null) {
            perTopic.forEach((t, records) -> topics.add(new ReplayPlan.TopicTarget(t, records, ReplayPlan.Verdict.REPLAY,
                    "named with --to")));
            return topics;
        }
        Admin admin = kafka.admin();
        Set<String> existing = Futures.get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(), settings.timeout());
        InfrastructureTopics infrastructure = InfrastructureTopics.of(existing, Map.of());
        Map<String, String> policies = InfrastructureTopics.cleanupPolicies(admin,
                perTopic.keySet().stream().filter(existing::contains).toList(), settings.timeout());
        for (var e : perTopic.entrySet()) {
            String t = e.getKey();
            // a topic that does not exist is judged by its name; the check below says it is missing
            String why = !validName(t) ? "it is not a valid topic name"
                    : existing.contains(t) ? infrastructure.reason(t, policies.get(t)) : infrastructure.reasonByName(t);
            if (why != null) {
                problems.add(e.getValue() + " record(s) name " + RecordText.escape(t) + " as their original topic, and " + why
                        + ": a replay writes there only when --to names it");
                topics.add(new ReplayPlan.TopicTarget(t, e.getValue(), ReplayPlan.Verdict.REFUSE, why));
            } else {
                topics.add(new ReplayPlan.TopicTarget(t, e.getValue(), ReplayPlan.Verdict.REPLAY, "the records' original topic"));
            }
        }
        if (perTopic.size() > 1 && options.allowTopics() == null) {
            problems.add("the records name " + perTopic.size() + " original topics (" + String.join(", ",
                    perTopic.keySet().stream().map(RecordText::escape).toList()) + "): pass --allow-topics REGEX naming the "
                    + "ones to replay into, or --to TOPIC");
        }
        notAllowed.forEach((t, records) -> topics.add(new ReplayPlan.TopicTarget(t, records, ReplayPlan.Verdict.SKIP,
                "not matched by --allow-topics " + options.allowTopics().pattern() + ": stays in the DLQ")));
        return topics;
    }

    /** A name Kafka accepts as a topic: a header can hold anything. */
    private static boolean validName(String topic) {
        try {
            Topic.validate(topic);
            return true;
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    /**
     * Replays what {@link #plan} finds, in transactions of {@link Options#transactionSize()} records.
     *
     * @throws WardenException when the plan has problems, or when the replay stops on an error; what
     *                         was committed before stays committed and a new run resumes after it
     */
    public ReplayResult replay(String topic, Options options, Listener listener) {
        try {
            return replayOrFail(topic, options, listener);
        } catch (RuntimeException e) {
            throw refused(topic, group(topic, options), e);
        }
    }

    private ReplayResult replayOrFail(String topic, Options options, Listener listener) {
        String group = group(topic, options);
        String replayId = UUID.randomUUID().toString();
        try (KafkaConnection kafka = KafkaConnection.open(settings); TopicScan scan = TopicScan.open(settings, clock);
             KafkaProducer<byte[], byte[]> producer = producer(group)) {
            producer.initTransactions(); // aborts whatever a crashed replay of this group left open
            ReplayPlan plan = plan(kafka, scan, topic, options);
            listener.planned(plan);
            if (!plan.problems().isEmpty()) {
                throw new WardenException(WardenException.USAGE, "cannot replay " + topic + ": " + String.join("; ", plan.problems()));
            }
            Map<TopicPartition, ReplayProgress> before = ReplayProgress.read(kafka.admin(), group, partitions(topic, plan),
                    settings.timeout());
            Batch batch = new Batch(topic, group, replayId, producer, plan, before, listener);
            Map<TopicPartition, Long> from = new HashMap<>();
            Map<TopicPartition, Long> to = new HashMap<>();
            plan.ranges().forEach(r -> {
                from.put(new TopicPartition(topic, r.partition()), r.from());
                to.put(new TopicPartition(topic, r.partition()), r.to());
            });
            producer.beginTransaction();
            boolean stopped;
            try {
                stopped = scan.read(from, to, Long.MAX_VALUE, r -> {
                    if (batch.replayed + batch.pendingReplayed >= options.maxRecords()) {
                        return false;
                    }
                    Route route = route(r, options);
                    batch.add(r, route, route.kind() == Route.Kind.SEND ? record(r, route, options, replayId) : null);
                    if (batch.inTransaction >= options.transactionSize()) {
                        batch.commit();
                        producer.beginTransaction();
                    }
                    return true;
                }).stopped();
                batch.commit();
            } catch (RuntimeException e) {
                throw batch.fail(e);
            }
            Map<Integer, ReplayProgress> progress = new TreeMap<>();
            batch.progress.forEach((tp, p) -> progress.put(tp.partition(), p));
            return new ReplayResult(topic, group, replayId, batch.replayed, batch.skipped, batch.transactions, !stopped,
                    progress, batch.targets());
        }
    }

    static String group(String topic, Options options) {
        return options.progressGroup() != null ? options.progressGroup() : ReplayProgress.defaultGroup(topic);
    }

    private static List<TopicPartition> partitions(String topic, ReplayPlan plan) {
        return plan.ranges().stream().map(r -> new TopicPartition(topic, r.partition())).toList();
    }

    /** Where each partition's replay starts: the committed progress, or the log start when there is none or it was deleted. */
    private Map<TopicPartition, Long> start(KafkaConnection kafka, String group, List<TopicPartition> parts,
                                           Map<TopicPartition, Long> begin) {
        Map<TopicPartition, ReplayProgress> progress = ReplayProgress.read(kafka.admin(), group, parts, settings.timeout());
        Map<TopicPartition, Long> from = new HashMap<>();
        parts.forEach(tp -> from.put(tp, Math.max(begin.get(tp), progress.containsKey(tp) ? progress.get(tp).next() : 0L)));
        return from;
    }

    private List<String> problems(TopicScan scan, List<ReplayPlan.Target> targets) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (ReplayPlan.Target t : targets) {
            Integer size = sizes.computeIfAbsent(t.topic(), name -> {
                try {
                    return scan.partitions(name).size();
                } catch (WardenException e) {
                    problems.add("target topic " + RecordText.escape(name) + " does not exist (" + t.records() + " records)");
                    return -1;
                }
            });
            if (size >= 0 && t.partition() != null && t.partition() >= size) {
                problems.add("target " + RecordText.escape(t.topic()) + " has " + size + " partitions, no partition " + t.partition()
                        + " (" + t.records() + " records); use --partition-by key");
            }
        }
        return problems;
    }

    /** Where one DLQ record goes, or why it stays. */
    record Route(Kind kind, String topic, Integer partition) {
        static final Route FILTERED = new Route(Kind.FILTERED, null, null);
        static final Route NO_TARGET = new Route(Kind.NO_TARGET, null, null);

        enum Kind {
            SEND, FILTERED, NO_TARGET, NOT_ALLOWED
        }
    }

    private static Route route(ConsumerRecord<byte[], byte[]> r, Options options) {
        DeadLetter dl = DeadLetter.of(r.headers(), options.errorHeader());
        if (!options.filter().matches(r, dl)) {
            return Route.FILTERED;
        }
        String target = options.to() != null ? options.to() : dl.originalTopic();
        if (target == null) {
            return Route.NO_TARGET;
        }
        if (options.to() == null && options.allowTopics() != null && !options.allowTopics().matcher(target).matches()) {
            return new Route(Route.Kind.NOT_ALLOWED, target, null);
        }
        return new Route(Route.Kind.SEND, target, options.partitionByKey() ? null : dl.originalPartition());
    }

    private static ProducerRecord<byte[], byte[]> record(ConsumerRecord<byte[], byte[]> r, Route route, Options options,
                                                         String replayId) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            if (!DeadLetter.isErrorHeader(h.key(), options.errorHeader()) && !h.key().equals(REPLAYED_FROM)
                    && !h.key().equals(REPLAY_ID)) {
                headers.add(h.key(), h.value());
            }
        }
        headers.add(REPLAYED_FROM, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(REPLAY_ID, replayId.getBytes(StandardCharsets.UTF_8));
        Long timestamp = null;
        if (options.keepTimestamp()) {
            Long original = DeadLetter.of(r.headers(), null).originalTimestamp();
            timestamp = original != null ? original : r.timestamp();
        }
        return new ProducerRecord<>(route.topic(), route.partition(), timestamp, r.key(), r.value(), headers);
    }

    private KafkaProducer<byte[], byte[]> producer(String group) {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        props.put("bootstrap.servers", settings.bootstrapServers());
        props.put("enable.idempotence", true);
        props.put("acks", "all");
        props.put("transactional.id", group);
        props.putIfAbsent("client.id", "warden-replay");
        props.putIfAbsent("metric.reporters", "");
        props.putIfAbsent("enable.metrics.push", false);
        props.putIfAbsent("max.block.ms", (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis() * 3));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The records and DLQ offsets of the open transaction, and what committed transactions did. */
    private final class Batch {
        final String topic;
        final String group;
        final KafkaProducer<byte[], byte[]> producer;
        final ReplayPlan plan;
        final Listener listener;
        final String replayId;
        final Map<TopicPartition, ReplayProgress> progress = new HashMap<>();
        final Map<TopicPartition, ReplayProgress> pending = new HashMap<>();
        final Map<ReplayPlan.Target, Long> targetCounts = new HashMap<>();
        final Map<ReplayPlan.Target, Long> pendingTargets = new HashMap<>();
        final AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long replayed;
        long pendingReplayed;
        long skipped;
        long pendingSkipped;
        int inTransaction;
        int transactions;

        Batch(String topic, String group, String replayId, KafkaProducer<byte[], byte[]> producer, ReplayPlan plan,
              Map<TopicPartition, ReplayProgress> before, Listener listener) {
            this.topic = topic;
            this.group = group;
            this.replayId = replayId;
            this.producer = producer;
            this.plan = plan;
            this.listener = listener;
            for (ReplayPlan.Range r : plan.ranges()) {
                TopicPartition tp = new TopicPartition(topic, r.partition());
                ReplayProgress p = before.get(tp);
                // nothing before the start is left unreplayed when there was no replay, when the last one left
                // no gap, or when the records of its gap were deleted since (a forced purge)
                long upTo = p == null || p.replayedUpTo() >= r.from() || p.replayedUpTo() < r.logStart()
                        ? r.from() : p.replayedUpTo();
                progress.put(tp, new ReplayProgress(r.from(), upTo, replayId));
            }
        }

        void add(ConsumerRecord<byte[], byte[]> r, Route route, ProducerRecord<byte[], byte[]> record) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            ReplayProgress last = pending.getOrDefault(tp, progress.get(tp));
            boolean contiguous = last.replayedUpTo() == last.next();
            if (record != null) {
                producer.send(record, (md, e) -> {
                    if (e != null) {
                        sendFailure.compareAndSet(null, e);
                    }
                });
                pendingReplayed++;
                pendingTargets.merge(new ReplayPlan.Target(route.topic(), route.partition(), 0), 1L, Long::sum);
                pending.put(tp, new ReplayProgress(r.offset() + 1, contiguous ? r.offset() + 1 : last.replayedUpTo(), replayId));
            } else {
                pendingSkipped++;
                pending.put(tp, new ReplayProgress(r.offset() + 1, last.replayedUpTo(), replayId));
            }
            inTransaction++;
        }

        void commit() {
            if (pending.isEmpty()) {
                producer.abortTransaction(); // nothing read: end the empty transaction
                return;
            }
            producer.flush();
            if (sendFailure.get() != null) {
                throw new IllegalStateException("a replayed record was not accepted: " + Await.describe(sendFailure.get()),
                        sendFailure.get());
            }
            listener.committing(replayed);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            pending.forEach((tp, p) -> offsets.put(tp, p.toOffset()));
            producer.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(group));
            producer.commitTransaction();
            progress.putAll(pending);
            pending.clear();
            pendingTargets.forEach((t, n) -> targetCounts.merge(t, n, Long::sum));
            pendingTargets.clear();
            replayed += pendingReplayed;
            skipped += pendingSkipped;
            pendingReplayed = 0;
            pendingSkipped = 0;
            inTransaction = 0;
            transactions++;
            listener.replayed(replayed, plan.matching());
        }

        WardenException fail(RuntimeException e) {
            String reason = e instanceof ProducerFencedException
                    ? "another replay of " + topic + " with progress group " + group + " started and took over"
                    : Await.describe(e);
            try {
                producer.abortTransaction();
            } catch (RuntimeException ignored) {
                // fenced or broken: the next replay's initTransactions aborts it instead
            }
            return new WardenException(WardenException.UNAVAILABLE, "replay of " + topic + " stopped: " + reason + "; "
                    + replayed + " records were replayed and committed before (replay " + replayId + "), the "
                    + pendingReplayed + " of the unfinished transaction were aborted; run the replay again to resume", e);
        }

        List<ReplayPlan.Target> targets() {
            List<ReplayPlan.Target> out = new ArrayList<>();
            targetCounts.forEach((t, n) -> out.add(new ReplayPlan.Target(t.topic(), t.partition(), n)));
            out.sort(java.util.Comparator.comparing(ReplayPlan.Target::topic)
                    .thenComparing(t -> t.partition() == null ? -1 : t.partition()));
            return out;
        }
    }
}
