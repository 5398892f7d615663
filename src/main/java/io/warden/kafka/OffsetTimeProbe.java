package io.warden.kafka;

import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.ProbeFailure;
import io.warden.snapshot.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.LoggerFactory;

/**
 * Finds when the next message a consumer will read was appended: for each (partition, offset)
 * it reads the first record at or after that offset and keeps its timestamp. This dates lag
 * exactly when there is no history to interpolate from (a one-shot {@code warden lag}). It never
 * joins a group and never commits; partitions it cannot read within the timeout are left out.
 */
public final class OffsetTimeProbe implements AutoCloseable {

    /** Reading more than this many partitions in one go costs more than the answer is worth. */
    static final int MAX_PARTITIONS = 10_000;

    private final ConnectionSettings settings;
    private final Clock clock;
    /** Created in the background: a cold consumer takes a while, which overlaps the cluster probe. */
    private final CompletableFuture<KafkaConsumer<byte[], byte[]>> consumer;

    public OffsetTimeProbe(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.consumer = CompletableFuture.supplyAsync(
                () -> new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /**
     * The snapshot with the next message of every lagging (group, partition) dated: the committed
     * offsets that are behind the log end, on the topics {@code topics} accepts.
     */
    public Snapshot date(Snapshot snapshot, Predicate<String> topics, Duration timeout) {
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
        Set<String> denied = new TreeSet<>();
        var times = lookup(wanted, timeout, denied);
        AccessAdvice advice = AccessAdvice.of(settings);
        return snapshot.withOffsetTimes(times).withFailures(denied.stream()
                .map(topic -> new ProbeFailure("offset-times", topic, advice.needs("lag in seconds",
                        AclOperation.READ, ResourceType.TOPIC, topic) + " (lag in messages does not)"))
                .toList());
    }

    /**
     * @param wanted the offsets to date, per partition (usually the committed offsets of lagging groups)
     * @return partition -> (offset -> append time in epoch millis) for the offsets it could read
     */
    public Map<TopicPartition, Map<Long, Long>> lookup(Map<TopicPartition, Set<Long>> wanted, Duration timeout) {
        return lookup(wanted, timeout, new TreeSet<>());
    }

    /** @param denied gets the topics the principal may not READ, whose offsets stay undated */
    private Map<TopicPartition, Map<Long, Long>> lookup(Map<TopicPartition, Set<Long>> wanted, Duration timeout,
                                                       Set<String> denied) {
        Map<TopicPartition, Map<Long, Long>> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        // every partition is read from its lowest wanted offset up; several groups on one partition
        // usually fall in the same fetched batch, otherwise the partition seeks to the next offset
        Map<TopicPartition, Deque<Long>> pending = new HashMap<>();
        wanted.entrySet().stream().limit(MAX_PARTITIONS)
                .forEach(e -> pending.put(e.getKey(), new ArrayDeque<>(new TreeSet<>(e.getValue()))));
        try {
            var consumer = this.consumer.join();
            consumer.assign(pending.keySet());
            pending.forEach((tp, offsets) -> consumer.seek(tp, offsets.peekFirst()));
            Instant deadline = clock.instant().plus(timeout);
            while (!pending.isEmpty() && clock.instant().isBefore(deadline)) {
                org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (TopicAuthorizationException e) {
                    // the other topics can still be dated: drop the refused ones and go on
                    denied.addAll(e.unauthorizedTopics());
                    pending.keySet().removeIf(tp -> e.unauthorizedTopics().contains(tp.topic()));
                    consumer.assign(pending.keySet());
                    continue;
                }
                for (TopicPartition tp : records.partitions()) {
                    Deque<Long> offsets = pending.get(tp);
                    if (offsets == null) {
                        continue;
                    }
                    dateFromBatch(records.records(tp), offsets, found.computeIfAbsent(tp, k -> new HashMap<>()));
                    if (offsets.isEmpty()) {
                        pending.remove(tp);
                        consumer.pause(List.of(tp));
                    } else {
                        consumer.seek(tp, offsets.peekFirst());
                    }
                }
            }
            if (!pending.isEmpty()) {
                LoggerFactory.getLogger(OffsetTimeProbe.class).warn(
                        "event=offset-time-lookup-incomplete undated_partitions={} timeout={}", pending.size(), timeout);
            }
            consumer.assign(List.of());
        } catch (KafkaException | CompletionException e) {
            // dating lag is a refinement: without it lag seconds come from history or stay unknown
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LoggerFactory.getLogger(OffsetTimeProbe.class)
                    .warn("event=offset-time-lookup-failed reason=\"{}\"", Futures.describe(cause));
        }
        found.values().removeIf(Map::isEmpty);
        return found;
    }

    /** Dates every wanted offset the batch reaches: the first record at or after it is the one read next. */
    private static void dateFromBatch(List<ConsumerRecord<byte[], byte[]>> batch, Deque<Long> offsets, Map<Long, Long> out) {
        int i = 0;
        while (!offsets.isEmpty() && i < batch.size()) {
            ConsumerRecord<byte[], byte[]> record = batch.get(i);
            if (record.offset() >= offsets.peekFirst()) {
                out.put(offsets.pollFirst(), record.timestamp());
            } else {
                i++;
            }
        }
    }

    @Override
    public void close() {
        try {
            consumer.join().close();
        } catch (CompletionException e) {
            // it never opened: nothing to close
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = settings.consumerProperties();
        // one batch per partition is all that is needed; a batch larger than this still comes, but
        // only one such partition per fetch, so keep it above common producer batch sizes
        props.putIfAbsent("max.partition.fetch.bytes", 64 * 1024);
        props.putIfAbsent("fetch.max.bytes", 8 * 1024 * 1024);
        props.putIfAbsent("max.poll.records", 100_000);
        // the consumer registers metrics for every partition it fetches; with the JMX and telemetry
        // reporters that bookkeeping cost more than the fetch itself (5,000 partitions: seconds)
        props.putIfAbsent("metric.reporters", "");
        props.putIfAbsent("enable.metrics.push", false);
        // a committed offset below the log start is read from the log start, as its group would
        props.put("auto.offset.reset", "earliest");
        return props;
    }
}
