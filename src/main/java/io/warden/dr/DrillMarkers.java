package io.warden.dr;

import io.warden.WardenException;
import io.warden.dr.DrillReport.Marker;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.TopicScan;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The marker records: produced on the source with the drill's id in a header, and looked for in
 * the replicas on DR, each timed from its production to the moment it was read there.
 */
final class DrillMarkers {

    private static final Duration POLL = Duration.ofMillis(200);

    private final DrillService.Pause pause;

    DrillMarkers(DrillService.Pause pause) {
        this.pause = pause;
    }

    /** How long after {@code started} the replica appeared, or null when it did not within {@code wait}. */
    Duration awaitReplica(KafkaConnection target, String replica, Instant started, Duration wait, Clock clock)
            throws InterruptedException {
        Instant deadline = started.plus(wait);
        while (true) {
            if (DrillTopic.exists(target.admin(), replica, target.settings().timeout())) {
                return Duration.between(started, clock.instant());
            }
            if (!clock.instant().isBefore(deadline)) {
                return null;
            }
            pause.pause(Duration.ofMillis(250));
        }
    }

    /** Where reading the replicas starts: their end now (named topics), their beginning (the drill topic). */
    static Map<String, Map<TopicPartition, Long>> replicaPositions(KafkaConnection target, MirrorNaming naming,
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

    static List<Marker> produce(ConnectionSettings settings, Map<String, Integer> partitions, String drillId, int perTopic,
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
                    headers.add(DrillService.HEADER, drillId.getBytes(StandardCharsets.UTF_8));
                    headers.add(DrillService.SEQ_HEADER, String.valueOf(seq).getBytes(StandardCharsets.UTF_8));
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
    List<Marker> watch(ConnectionSettings target, MirrorNaming naming, List<Marker> produced,
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
                            seen, DrillService.nonNegative(Duration.between(m.producedAt(), seen))));
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
        Header id = r.headers().lastHeader(DrillService.HEADER);
        Header seq = r.headers().lastHeader(DrillService.SEQ_HEADER);
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

    static boolean isDrillRecord(ConsumerRecord<byte[], byte[]> r, String drillId) {
        return markerSeq(r, drillId) != null;
    }
}
