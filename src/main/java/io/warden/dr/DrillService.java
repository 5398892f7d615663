package io.warden.dr;

import io.warden.WardenException;
import io.warden.dr.DrillReport.GroupPosition;
import io.warden.dr.DrillReport.Marker;
import io.warden.dr.DrillReport.PartitionCount;
import io.warden.dr.DrillReport.Status;
import io.warden.dr.DrillReport.TierResult;
import io.warden.dr.MirrorRecords.GroupCheckpoint;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.TopicScan;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A DR drill: marker records produced on the source, timed until they appear on the DR cluster,
 * record counts compared over the same window on both sides, and the selected groups' translated
 * positions checked. With no topics named it creates its own drill topic and removes it and its
 * replica afterwards, each only after re-checking that it is the topic the drill created and holds
 * nothing but the drill's records.
 */
public final class DrillService {

    /** The header every marker carries, so consumers of a named topic can skip markers. */
    public static final String HEADER = "warden-drill-id";
    static final String SEQ_HEADER = "warden-drill-seq";
    public static final String TOPIC_PREFIX = "warden-dr-drill-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** Bound on records counted in one window, so a busy topic cannot keep the drill reading. */
    static final long MAX_COUNTED = 1_000_000;
    private static final Duration POLL = Duration.ofMillis(200);

    /** Waits between looks at the DR cluster; injected so that tests decide how time passes. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Pause pause;

    public DrillService(Pause pause) {
        this.pause = pause;
    }

    /** The drill topic a drill started at {@code at} creates. */
    public static String drillTopic(Instant at) {
        return TOPIC_PREFIX + STAMP.format(at);
    }

    /**
     * Refuses, before anything is changed, a drill whose markers MirrorMaker would not replicate.
     *
     * @throws WardenException 64 naming the topic to allow or the option to use
     */
    public static void checkReplicated(DrPair pair, DrillOptions options, Instant at) {
        if (options.drillTopic()) {
            String topic = drillTopic(at);
            if (!pair.topics().test(topic)) {
                throw new WardenException(WardenException.USAGE, "MirrorMaker's topic filter does not replicate the drill topic "
                        + topic + ": allow '" + TOPIC_PREFIX + ".*' in topics of mm2.properties and in dr.topics (or"
                        + " --mirror-topics), or drill replicated topics with --topics");
            }
            return;
        }
        for (String topic : options.topics()) {
            if (!pair.topics().test(topic) || pair.naming().isMirrorInternal(topic)) {
                throw new WardenException(WardenException.USAGE, "--topics: MirrorMaker's topic filter does not replicate '"
                        + io.warden.kafka.RecordText.escape(topic) + "', so its markers could never reach DR: name replicated topics");
            }
        }
    }

    public DrillReport run(DrPair pair, DrillOptions options, Clock clock) throws InterruptedException {
        Instant started = clock.instant();
        checkReplicated(pair, options, started);
        String topicOfDrill = options.drillTopic() ? drillTopic(started) : null;
        String drillId = (topicOfDrill != null ? topicOfDrill : drillTopic(started)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        List<String> topics = options.drillTopic() ? List.of(topicOfDrill) : options.topics();
        List<String> notes = new ArrayList<>();
        List<String> cleanup = new ArrayList<>();
        MirrorNaming naming = pair.naming();
        try (KafkaConnection source = KafkaConnection.open(pair.source().connection());
             KafkaConnection target = KafkaConnection.open(pair.target().connection())) {
            Duration timeout = pair.source().connection().timeout();
            Map<String, Integer> partitions = new LinkedHashMap<>();
            Uuid createdId = null;
            if (options.drillTopic()) {
                if (exists(target.admin(), naming.replicaOf(topicOfDrill), pair.target().connection().timeout())) {
                    throw new WardenException(WardenException.CANT_CREATE, "the drill topic's replica " + naming.replicaOf(topicOfDrill)
                            + " exists on " + pair.target().name() + " already: another drill started in the same second; run it again");
                }
                createdId = create(source, topicOfDrill, options.partitions());
                partitions.put(topicOfDrill, options.partitions());
            } else {
                partitions.putAll(partitionsOf(source, target, pair, topics));
            }
            Duration replicaSeenAfter = null;
            List<Marker> markers;
            List<PartitionCount> counts;
            List<GroupPosition> groups;
            ParityReport parity;
            try {
                if (options.drillTopic()) {
                    replicaSeenAfter = awaitReplica(target, naming.replicaOf(topicOfDrill), started, options.markerWait(), clock);
                    if (replicaSeenAfter == null) {
                        notes.add("MirrorMaker did not create the replica " + naming.replicaOf(topicOfDrill) + " on "
                                + pair.target().name() + " within " + human(options.markerWait()) + ": it is not running, does not"
                                + " replicate this topic, or notices new topics only every refresh.topics.interval.seconds"
                                + " (default 10 min)");
                    }
                }
                var replicaStarts = replicaPositions(target, naming, topics, options.drillTopic(), clock);
                List<Marker> produced = produce(source.settings(), partitions, drillId, options.markers(), clock);
                markers = watch(target.settings(), naming, produced, replicaStarts, drillId, options.markerWait(), clock);
                counts = count(pair, markers, options.drillTopic(), clock);
                groups = groups(source.admin(), target.settings(), pair, options, clock, notes, timeout);
                parity = parity(pair, notes);
            } catch (WardenException e) {
                if (createdId == null) {
                    throw e;
                }
                // the operator must learn what became of the topic the drill created
                removeDrillTopic(source, target, naming, topicOfDrill, createdId, drillId, clock, cleanup, pair);
                throw new WardenException(e.exitCode(), e.getMessage() + "; " + String.join("; ", cleanup), e);
            } catch (RuntimeException | InterruptedException e) {
                if (createdId != null) {
                    removeDrillTopic(source, target, naming, topicOfDrill, createdId, drillId, clock, cleanup, pair);
                }
                throw e;
            }
            if (createdId != null) {
                removeDrillTopic(source, target, naming, topicOfDrill, createdId, drillId, clock, cleanup, pair);
            }
            return report(pair, options, drillId, started, topics, replicaSeenAfter, markers, counts, groups, parity, notes,
                    cleanup, clock);
        }
    }

    private static boolean exists(Admin admin, String topic, Duration timeout) {
        return Futures.get(admin.listTopics().names(), timeout).contains(topic);
    }

    private static Uuid create(KafkaConnection source, String topic, int partitions) {
        Duration timeout = source.settings().timeout();
        try {
            Futures.get(source.admin().createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all(),
                    timeout);
            // not CreateTopicsResult.topicId: without DescribeConfigs on the topic it fails although the topic was created
            return Futures.get(source.admin().describeTopics(List.of(topic)).allTopicNames(), timeout).get(topic).topicId();
        } catch (TopicExistsException e) {
            throw new WardenException(WardenException.CANT_CREATE, "the drill topic " + topic + " exists already: another drill"
                    + " started in the same second; run it again");
        } catch (RuntimeException e) {
            if (AccessAdvice.authorization(e) != null) {
                throw AccessAdvice.of(source.settings()).denied("creating the drill topic", AclOperation.CREATE, ResourceType.TOPIC,
                        topic, e);
            }
            throw e;
        }
    }

    /** The named topics' partition counts; each must exist on the source and have its replica on DR. */
    private static Map<String, Integer> partitionsOf(KafkaConnection source, KafkaConnection target, DrPair pair, List<String> topics) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<String, TopicDescription> described = describe(source, topics, pair.source().name());
        describe(target, topics.stream().map(pair.naming()::replicaOf).toList(), pair.target().name());
        topics.forEach(t -> out.put(t, described.get(t).partitions().size()));
        return out;
    }

    private static Map<String, TopicDescription> describe(KafkaConnection kafka, List<String> topics, String cluster) {
        Set<String> there = Futures.get(kafka.admin().listTopics().names(), kafka.settings().timeout());
        for (String t : topics) {
            if (!there.contains(t)) {
                throw new WardenException(WardenException.USAGE, "topic '" + io.warden.kafka.RecordText.escape(t)
                        + "' does not exist on " + cluster + ": name a topic MirrorMaker replicates"
                        + " (on DR, its replica) or drop --topics to drill with a topic of the drill's own");
            }
        }
        return Futures.get(kafka.admin().describeTopics(topics).allTopicNames(), kafka.settings().timeout());
    }

    /** How long after {@code started} the replica appeared, or null when it did not within {@code wait}. */
    private Duration awaitReplica(KafkaConnection target, String replica, Instant started, Duration wait, Clock clock)
            throws InterruptedException {
        Instant deadline = started.plus(wait);
        while (true) {
            if (exists(target.admin(), replica, target.settings().timeout())) {
                return Duration.between(started, clock.instant());
            }
            if (!clock.instant().isBefore(deadline)) {
                return null;
            }
            pause.pause(Duration.ofMillis(250));
        }
    }

    /** Where reading the replicas starts: their end now (named topics), their beginning (the drill topic). */
    private static Map<String, Map<TopicPartition, Long>> replicaPositions(KafkaConnection target, MirrorNaming naming,
                                                                         List<String> topics, boolean drillTopic, Clock clock) {
        Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
        try (TopicScan scan = TopicScan.open(target.settings(), clock)) {
            for (String t : topics) {
                List<TopicPartition> parts = scan.partitionsIfAny(naming.replicaOf(t));
                out.put(t, parts.isEmpty() ? Map.of() : drillTopic ? scan.beginnings(parts) : scan.ends(parts));
            }
        }
        return out;
    }

    private static List<Marker> produce(ConnectionSettings settings, Map<String, Integer> partitions, String drillId, int perTopic,
                                        Clock clock) {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        props.put("bootstrap.servers", settings.bootstrapServers());
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("linger.ms", 0);
        props.putIfAbsent("client.id", "warden-dr-drill");
        props.putIfAbsent("metric.reporters", "");
        props.putIfAbsent("enable.metrics.push", false);
        props.put("max.block.ms", (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
        props.put("delivery.timeout.ms", (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis() + 1000));
        props.put("request.timeout.ms", (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
        List<Marker> out = new ArrayList<>();
        String current = null;
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            List<Instant> at = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> topicOf = new ArrayList<>();
            int seq = 0;
            for (var e : partitions.entrySet()) {
                current = e.getKey();
                for (int i = 0; i < perTopic; i++, seq++) {
                    String id = drillId + "-" + seq;
                    var headers = new RecordHeaders();
                    headers.add(HEADER, drillId.getBytes(StandardCharsets.UTF_8));
                    headers.add(SEQ_HEADER, String.valueOf(seq).getBytes(StandardCharsets.UTF_8));
                    Instant now = clock.instant();
                    byte[] value = ("{\"warden-drill-id\":\"" + drillId + "\",\"seq\":" + seq + ",\"producedAt\":\"" + now + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    at.add(now);
                    ids.add(id);
                    topicOf.add(e.getKey());
                    sent.add(producer.send(new ProducerRecord<>(e.getKey(), i % e.getValue(), now.toEpochMilli(),
                            id.getBytes(StandardCharsets.UTF_8), value, headers)));
                }
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                current = topicOf.get(i);
                RecordMetadata m = sent.get(i).get(settings.timeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
                out.add(new Marker(ids.get(i), m.topic(), m.partition(), m.offset(), at.get(i), null, null, null, null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.UNAVAILABLE, "interrupted while producing the markers", e);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new WardenException(WardenException.UNAVAILABLE, AccessAdvice.of(settings).describeFailure("producing the drill's"
                    + " markers", AclOperation.WRITE, ResourceType.TOPIC, current, cause), cause);
        }
        return out;
    }

    /**
     * Reads the replicas until every marker appeared or {@code wait} passed since the last was
     * produced. Records on DR are untrusted: only one carrying this drill's id and a known sequence
     * number in the expected replica counts, and only its first copy.
     */
    private List<Marker> watch(ConnectionSettings target, MirrorNaming naming, List<Marker> produced,
                               Map<String, Map<TopicPartition, Long>> starts, String drillId, Duration wait, Clock clock)
            throws InterruptedException {
        Map<Integer, Marker> bySeq = new TreeMap<>();
        for (int i = 0; i < produced.size(); i++) {
            bySeq.put(i, produced.get(i));
        }
        Map<String, String> topicOfReplica = new HashMap<>();
        produced.forEach(m -> topicOfReplica.put(naming.replicaOf(m.topic()), m.topic()));
        Instant deadline = produced.stream().map(Marker::producedAt).max(Comparator.naturalOrder()).orElse(clock.instant()).plus(wait);
        Map<String, Object> props = target.consumerProperties();
        props.put("isolation.level", "read_committed");
        props.put("allow.auto.create.topics", false);
        props.put("auto.offset.reset", "earliest");
        Map<TopicPartition, Long> from = new HashMap<>();
        starts.values().forEach(from::putAll);
        int unseen = produced.size();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<TopicPartition> assigned = new java.util.HashSet<>();
            while (unseen > 0 && clock.instant().isBefore(deadline)) {
                if (assigned.size() < expectedPartitions(produced, naming)) {
                    assignNew(consumer, topicOfReplica.keySet(), assigned, from, Duration.ofSeconds(1));
                }
                if (assigned.isEmpty()) {
                    pause.pause(Duration.ofMillis(250));
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    Instant seen = clock.instant();
                    Integer seq = markerSeq(r, drillId);
                    Marker m = seq == null ? null : bySeq.get(seq);
                    if (m == null || m.seenAt() != null || !naming.replicaOf(m.topic()).equals(r.topic())) {
                        continue;
                    }
                    bySeq.put(seq, new Marker(m.id(), m.topic(), m.partition(), m.offset(), m.producedAt(), r.topic(), r.offset(),
                            seen, nonNegative(Duration.between(m.producedAt(), seen))));
                    unseen--;
                }
            }
        }
        return bySeq.values().stream().map(m -> m.seenAt() != null ? m
                : new Marker(m.id(), m.topic(), m.partition(), m.offset(), m.producedAt(), naming.replicaOf(m.topic()), null, null, null))
                .toList();
    }

    private static long expectedPartitions(List<Marker> produced, MirrorNaming naming) {
        return produced.stream().map(m -> naming.replicaOf(m.topic()) + "-" + m.partition()).distinct().count();
    }

    private static void assignNew(KafkaConsumer<byte[], byte[]> consumer, Set<String> replicas, Set<TopicPartition> assigned,
                                  Map<TopicPartition, Long> from, Duration timeout) {
        List<TopicPartition> found = new ArrayList<>();
        for (String replica : replicas) {
            var infos = consumer.partitionsFor(replica, timeout);
            if (infos != null) {
                infos.forEach(i -> found.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        if (found.size() == assigned.size()) {
            return;
        }
        List<TopicPartition> added = found.stream().filter(tp -> !assigned.contains(tp)).toList();
        assigned.addAll(added);
        consumer.assign(assigned);
        // a replica that appeared only now is read from its start; the others keep their position
        added.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
    }

    /** The marker's sequence number when the record is one of this drill's markers, else null. */
    static Integer markerSeq(ConsumerRecord<byte[], byte[]> r, String drillId) {
        Header id = r.headers().lastHeader(HEADER);
        Header seq = r.headers().lastHeader(SEQ_HEADER);
        if (id == null || seq == null || id.value() == null || seq.value() == null
                || !drillId.equals(new String(id.value(), StandardCharsets.UTF_8)) || seq.value().length > 10) {
            return null;
        }
        try {
            int n = Integer.parseInt(new String(seq.value(), StandardCharsets.UTF_8));
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isDrillRecord(ConsumerRecord<byte[], byte[]> r, String drillId) {
        return markerSeq(r, drillId) != null;
    }

    /**
     * Records in the same window on both sides. For a named topic the window of a partition runs
     * from its first to its last marker (inclusive): the same two records on both clusters, so
     * records produced meanwhile by others count on both sides. The drill topic is counted whole.
     */
    private static List<PartitionCount> count(DrPair pair, List<Marker> markers, boolean drillTopic, Clock clock) {
        Map<TopicPartition, List<Marker>> byPartition = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        markers.forEach(m -> byPartition.computeIfAbsent(new TopicPartition(m.topic(), m.partition()), k -> new ArrayList<>()).add(m));
        List<PartitionCount> out = new ArrayList<>();
        try (TopicScan src = TopicScan.open(pair.source().connection(), clock);
             TopicScan dr = TopicScan.open(pair.target().connection(), clock)) {
            for (var e : byPartition.entrySet()) {
                TopicPartition tp = e.getKey();
                TopicPartition rtp = new TopicPartition(pair.naming().replicaOf(tp.topic()), tp.partition());
                long sFrom;
                long sTo;
                Long rFrom = null;
                Long rTo = null;
                if (drillTopic) {
                    sFrom = src.beginnings(List.of(tp)).get(tp);
                    sTo = src.ends(List.of(tp)).get(tp);
                    if (!dr.partitionsIfAny(rtp.topic()).isEmpty()) {
                        rFrom = dr.beginnings(List.of(rtp)).get(rtp);
                        rTo = dr.ends(List.of(rtp)).get(rtp);
                    }
                } else {
                    Marker first = e.getValue().stream().min(Comparator.comparingLong(Marker::offset)).orElseThrow();
                    Marker last = e.getValue().stream().max(Comparator.comparingLong(Marker::offset)).orElseThrow();
                    sFrom = first.offset();
                    sTo = last.offset() + 1;
                    if (first.replicaOffset() != null && last.replicaOffset() != null) {
                        rFrom = first.replicaOffset();
                        rTo = last.replicaOffset() + 1;
                    }
                }
                Long sCount = records(src, tp, sFrom, sTo);
                Long rCount = rFrom == null ? (drillTopic ? Long.valueOf(0) : null) : records(dr, rtp, rFrom, rTo);
                long s = sCount == null ? -1 : sCount;
                out.add(new PartitionCount(tp.topic(), tp.partition(), sFrom, sTo, s, rtp.topic(), rFrom, rTo, rCount,
                        sCount != null && sCount.equals(rCount)));
            }
        }
        return out;
    }

    /** Records between the offsets, or null when there are more than {@link #MAX_COUNTED}. */
    private static Long records(TopicScan scan, TopicPartition tp, long from, long to) {
        if (to <= from) {
            return 0L;
        }
        TopicScan.Outcome o = scan.read(Map.of(tp, from), Map.of(tp, to), MAX_COUNTED, r -> true);
        return o.stopped() ? null : o.records();
    }

    private static List<GroupPosition> groups(Admin source, ConnectionSettings target, DrPair pair, DrillOptions options, Clock clock,
                                              List<String> notes, Duration timeout) {
        List<String> selected = new ArrayList<>();
        if (options.allGroups()) {
            for (GroupListing g : Futures.get(source.listGroups(new ListGroupsOptions()).valid(), timeout)) {
                // MirrorMaker checkpoints consumer groups (either protocol) and groups that only commit offsets
                if (pair.groups().test(g.groupId()) && (g.protocol().isEmpty() || g.protocol().equals("consumer"))) {
                    selected.add(g.groupId());
                }
            }
            selected.sort(null);
        }
        for (String g : options.groups()) {
            if (!selected.contains(g)) {
                selected.add(g);
            }
        }
        if (selected.isEmpty()) {
            return List.of();
        }
        Map<String, Map<TopicPartition, GroupCheckpoint>> checkpoints;
        boolean checkpointsExist;
        try (TopicScan scan = TopicScan.open(target, clock)) {
            var read = MirrorRecords.checkpoints(scan, pair.naming().checkpointsTopic());
            checkpoints = read.value();
            checkpointsExist = read.exists();
        }
        if (!checkpointsExist) {
            notes.add("the checkpoints topic " + pair.naming().checkpointsTopic() + " does not exist on " + pair.target().name()
                    + ": MirrorMaker emits no checkpoints (emit.checkpoints.enabled) or runs with other aliases");
        }
        Instant now = clock.instant();
        List<GroupPosition> out = new ArrayList<>();
        for (String group : selected) {
            if (!pair.groups().test(group)) {
                out.add(new GroupPosition(group, 0, 0, List.of(), null, false,
                        "MirrorMaker's group filter does not select it: it has no checkpoints on DR"));
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = Futures.get(source.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), timeout);
            } catch (RuntimeException e) {
                out.add(new GroupPosition(group, 0, 0, List.of(), null, false, "its offsets could not be read on "
                        + pair.source().name() + ": " + AccessAdvice.of(pair.source().connection()).describeFailure(
                                "reading the group's offsets", AclOperation.DESCRIBE, ResourceType.GROUP, group, e)));
                continue;
            }
            Map<TopicPartition, GroupCheckpoint> mine = checkpoints.getOrDefault(group, Map.of());
            List<String> missing = new ArrayList<>();
            int partitions = 0;
            Duration oldest = null;
            List<TopicPartition> sorted = committed.keySet().stream().sorted(Comparator.comparing(TopicPartition::topic)
                    .thenComparingInt(TopicPartition::partition)).toList();
            for (TopicPartition tp : sorted) {
                if (committed.get(tp) == null || !pair.topics().test(tp.topic()) || pair.naming().isMirrorInternal(tp.topic())) {
                    continue;
                }
                partitions++;
                GroupCheckpoint c = mine.get(new TopicPartition(pair.naming().replicaOf(tp.topic()), tp.partition()));
                if (c == null) {
                    c = mine.get(tp);
                }
                if (c == null) {
                    missing.add(tp.topic() + "-" + tp.partition());
                    continue;
                }
                Duration age = nonNegative(Duration.between(c.written(), now));
                oldest = oldest == null || age.compareTo(oldest) > 0 ? age : oldest;
            }
            String problem = !missing.isEmpty() ? missing.size() + " of " + partitions + " partitions have no checkpoint on DR"
                    : oldest != null && oldest.compareTo(pair.checkpointMaxAge()) > 0 ? "its oldest checkpoint is " + human(oldest)
                    + " old, more than " + human(pair.checkpointMaxAge()) : null;
            out.add(new GroupPosition(group, partitions, partitions - missing.size(), missing, oldest, problem == null, problem));
        }
        return out;
    }

    /** The sides' Schema Registry and Connect parity, when both sides name one of them. */
    private static ParityReport parity(DrPair pair, List<String> notes) throws InterruptedException {
        ParityService.Endpoints e = ParityService.Endpoints.of(pair);
        boolean registries = e.sourceRegistry() != null && e.targetRegistry() != null;
        boolean connects = e.sourceConnect() != null && e.targetConnect() != null;
        if (!registries && !connects) {
            return null;
        }
        try {
            return new ParityService().compare(e);
        } catch (WardenException ex) {
            notes.add("parity not compared: " + ex.getMessage());
            return null;
        }
    }

    /**
     * Removes the drill topic and then its replica, each only if it is still the topic this drill
     * created (same topic id) and holds only this drill's markers. The source goes first, so
     * MirrorMaker has no reason to create the replica again.
     */
    private static void removeDrillTopic(KafkaConnection source, KafkaConnection target, MirrorNaming naming, String topic,
                                         Uuid createdId, String drillId, Clock clock, List<String> cleanup, DrPair pair) {
        remove(source, topic, createdId, drillId, clock, "the drill topic", pair.source().name(), cleanup);
        String replica = naming.replicaOf(topic);
        Uuid replicaId;
        try {
            replicaId = Futures.get(target.admin().describeTopics(List.of(replica)).allTopicNames(), target.settings().timeout())
                    .get(replica).topicId();
        } catch (UnknownTopicOrPartitionException e) {
            return; // MirrorMaker never created it
        } catch (RuntimeException e) {
            cleanup.add("could not look for the replica " + replica + " on " + pair.target().name() + ": "
                    + AccessAdvice.of(target.settings()).describeFailure("looking for the drill topic's replica",
                            AclOperation.DESCRIBE, ResourceType.TOPIC, replica, e));
            return;
        }
        remove(target, replica, replicaId, drillId, clock, "its replica", pair.target().name(), cleanup);
    }

    /** Deletes the topic by id, after {@link #foreign} found nothing against it; says what it did in {@code cleanup}. */
    private static void remove(KafkaConnection kafka, String topic, Uuid id, String drillId, Clock clock, String what,
                               String cluster, List<String> cleanup) {
        try {
            String why = foreign(kafka, topic, id, drillId, clock);
            if (why == null) {
                Futures.get(kafka.admin().deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all(), kafka.settings().timeout());
                cleanup.add("deleted " + what + " " + topic + " on " + cluster);
            } else {
                cleanup.add("left " + what + " " + topic + " on " + cluster + ": " + why);
            }
        } catch (RuntimeException e) {
            cleanup.add("could not delete " + what + " " + topic + " on " + cluster + ": " + AccessAdvice.of(kafka.settings())
                    .describeFailure("deleting " + what, AclOperation.DELETE, ResourceType.TOPIC, topic, e));
        }
    }

    /** Why the topic may not be deleted (another topic of that name now, records not the drill's), or null. */
    private static String foreign(KafkaConnection kafka, String topic, Uuid expectedId, String drillId, Clock clock) {
        TopicDescription now = Futures.get(kafka.admin().describeTopics(List.of(topic)).allTopicNames(), kafka.settings().timeout())
                .get(topic);
        if (!now.topicId().equals(expectedId)) {
            return "it is another topic than the drill's now (topic id " + now.topicId() + ")";
        }
        long[] strangers = {0};
        try (TopicScan scan = TopicScan.open(kafka.settings(), clock)) {
            List<TopicPartition> parts = scan.partitionsIfAny(topic);
            TopicScan.Outcome o = scan.read(scan.beginnings(parts), scan.ends(parts), MAX_COUNTED, r -> {
                if (!isDrillRecord(r, drillId)) {
                    strangers[0]++;
                    return false;
                }
                return true;
            });
            if (o.stopped() && strangers[0] == 0) {
                return "it holds more records than a drill writes";
            }
        }
        return strangers[0] == 0 ? null : "it holds records that are not the drill's markers";
    }

    private static DrillReport report(DrPair pair, DrillOptions options, String drillId, Instant started, List<String> topics,
                                      Duration replicaSeenAfter, List<Marker> markers, List<PartitionCount> counts,
                                      List<GroupPosition> groups, ParityReport parity, List<String> notes, List<String> cleanup,
                                      Clock clock) {
        List<Duration> latencies = markers.stream().map(Marker::latency).filter(java.util.Objects::nonNull).sorted().toList();
        int lost = markers.size() - latencies.size();
        Duration rpo = latencies.isEmpty() ? null : latencies.get(latencies.size() - 1);
        Duration p50 = latencies.isEmpty() ? null : latencies.get((latencies.size() - 1) / 2);
        List<TierResult> tiers = pair.tiers().tiers().stream().map(t -> new TierResult(t.name(), t.rpo(), t.rto(), rpo,
                lost == 0 && rpo != null && rpo.compareTo(t.rpo()) <= 0)).toList();
        boolean countsDiffer = counts.stream().anyMatch(c -> !c.match());
        boolean fail = lost > 0 || markers.isEmpty() || tiers.stream().anyMatch(t -> !t.pass()) || countsDiffer;
        boolean warn = groups.stream().anyMatch(g -> !g.ok()) || parity != null && parity.exitCode() != 0
                || cleanup.stream().anyMatch(c -> !c.startsWith("deleted"));
        Status status = fail ? Status.FAIL : warn ? Status.WARN : Status.PASS;
        return new DrillReport(drillId, started, clock.instant(), options.ranBy(),
                new DrillReport.Cluster(pair.source().name(), pair.source().connection().bootstrapServers(), pair.naming().sourceAlias()),
                new DrillReport.Cluster(pair.target().name(), pair.target().connection().bootstrapServers(), pair.naming().targetAlias()),
                pair.naming().policyName(), List.copyOf(topics), options.drillTopic(), options.markerWait(), replicaSeenAfter,
                markers.size(), latencies.size(), lost, rpo, p50, tiers, markers, counts, groups, parity, List.copyOf(notes),
                List.copyOf(cleanup), status);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** {@code 850 ms}, {@code 12.5 s}, {@code 15 min}, {@code 4 h}: durations as the report shows them. */
    public static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms < 10_000) {
            return ms + " ms";
        }
        if (ms % 3_600_000 == 0) {
            return d.toHours() + " h";
        }
        if (ms % 60_000 == 0) {
            return d.toMinutes() + " min";
        }
        return ms < 120_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0)
                : d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
