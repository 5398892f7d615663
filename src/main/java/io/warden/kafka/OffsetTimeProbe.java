package io.warden.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.Snapshot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Finds when the next message a consumer will read was appended: for each (partition, offset)
 * it reads one record at that offset and keeps its timestamp. This dates lag exactly when there
 * is no history to interpolate from (a one-shot {@code warden lag}). It never joins a group and
 * never commits; partitions it cannot read within the timeout are simply left out.
 */
public final class OffsetTimeProbe {

    /** Reading more than this many partitions in one go costs more than the answer is worth. */
    static final int MAX_PARTITIONS = 10_000;

    private final ConnectionSettings settings;
    private final Clock clock;

    public OffsetTimeProbe(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The snapshot with the next message of every lagging (group, partition) dated: the committed
     * offsets that are behind the log end, on the topics {@code topics} accepts.
     */
    public Snapshot date(Snapshot snapshot, java.util.function.Predicate<String> topics, Duration timeout) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        snapshot.partitions().forEach(p -> ends.put(p.topicPartition(), p.logEndOffset()));
        Map<TopicPartition, Set<Long>> wanted = new HashMap<>();
        for (GroupInfo group : snapshot.groups()) {
            group.committed().forEach((tp, offset) -> {
                if (ends.getOrDefault(tp, -1L) > offset && topics.test(tp.topic())) {
                    wanted.computeIfAbsent(tp, k -> new HashSet<>()).add(offset);
                }
            });
        }
        return snapshot.withOffsetTimes(lookup(wanted, timeout));
    }

    /**
     * @param wanted the offsets to date, per partition (usually the committed offsets of lagging groups)
     * @return partition -> (offset -> append time in epoch millis) for the offsets it could read
     */
    public Map<TopicPartition, Map<Long, Long>> lookup(Map<TopicPartition, Set<Long>> wanted, Duration timeout) {
        Map<TopicPartition, Map<Long, Long>> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        Map<String, Object> props = settings.consumerProperties();
        // one small batch per partition is all we need
        props.put("max.partition.fetch.bytes", 1024);
        props.put("max.poll.records", 10_000);
        props.put("auto.offset.reset", "none");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // a partition can be wanted at several offsets (several groups): read them round by round
            Map<TopicPartition, java.util.Deque<Long>> queue = new HashMap<>();
            wanted.entrySet().stream().limit(MAX_PARTITIONS).forEach(e ->
                    queue.put(e.getKey(), new java.util.ArrayDeque<>(new java.util.TreeSet<>(e.getValue()))));
            Instant deadline = clock.instant().plus(timeout);
            while (!queue.isEmpty() && clock.instant().isBefore(deadline)) {
                Map<TopicPartition, Long> round = new HashMap<>();
                queue.forEach((tp, offsets) -> round.put(tp, offsets.peekFirst()));
                readRound(consumer, round, deadline, found);
                queue.forEach((tp, offsets) -> offsets.pollFirst());
                queue.values().removeIf(java.util.Deque::isEmpty);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            // dating lag is a refinement: without it lag seconds come from history or stay unknown
            org.slf4j.LoggerFactory.getLogger(OffsetTimeProbe.class)
                    .warn("event=offset-time-lookup-failed reason=\"{}\"", Futures.describe(e));
        }
        return found;
    }

    private void readRound(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> round, Instant deadline,
                           Map<TopicPartition, Map<Long, Long>> found) {
        consumer.assign(round.keySet());
        round.forEach(consumer::seek);
        Set<TopicPartition> pending = new HashSet<>(round.keySet());
        while (!pending.isEmpty() && clock.instant().isBefore(deadline)) {
            var records = consumer.poll(Duration.ofMillis(200));
            for (TopicPartition tp : records.partitions()) {
                if (pending.remove(tp)) {
                    ConsumerRecord<byte[], byte[]> first = records.records(tp).get(0);
                    found.computeIfAbsent(tp, k -> new HashMap<>()).put(round.get(tp), first.timestamp());
                    consumer.pause(Set.of(tp));
                }
            }
        }
        consumer.resume(consumer.paused());
    }
}
