package io.warden.kafka;

import io.warden.WardenException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Bounded reading of one topic as raw bytes, without a consumer group: every partition from a
 * start offset to an end offset fixed before reading begins, so a topic that keeps growing (or
 * that the reader itself feeds, as a replay can) is still read to a definite end. Reads only
 * committed records ({@code isolation.level=read_committed}).
 */
public final class TopicScan implements AutoCloseable {

    /** Called for each record in range; returning false stops the scan. */
    @FunctionalInterface
    public interface Visitor {
        boolean accept(ConsumerRecord<byte[], byte[]> record);
    }

    /**
     * How a scan ended.
     *
     * @param records records handed to the visitor
     * @param stopped true when the visitor or the record cap stopped it before the end offsets
     */
    public record Outcome(long records, boolean stopped) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final Clock clock;

    private TopicScan(KafkaConsumer<byte[], byte[]> consumer, Duration timeout, Clock clock) {
        this.consumer = consumer;
        this.timeout = timeout;
        this.clock = clock;
    }

    public static TopicScan open(ConnectionSettings settings, Clock clock) {
        Map<String, Object> props = settings.consumerProperties();
        props.put("isolation.level", "read_committed");
        props.putIfAbsent("max.poll.records", 2000);
        // looking up a topic must never create it, whatever the brokers' auto.create.topics.enable says
        props.put("allow.auto.create.topics", false);
        return new TopicScan(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                settings.timeout(), clock);
    }

    /** The topic's partitions, in partition order; a usage error naming the topic when it does not exist. */
    public List<TopicPartition> partitions(String topic) {
        List<TopicPartition> parts = partitionsIfAny(topic);
        if (parts.isEmpty()) {
            throw new WardenException(WardenException.USAGE, "topic '" + topic + "' does not exist: check the name"
                    + " (warden status lists the topics)");
        }
        return parts;
    }

    /** The topic's partitions, in partition order; none when it does not exist. */
    public List<TopicPartition> partitionsIfAny(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        List<TopicPartition> parts = new ArrayList<>();
        if (infos == null) {
            return parts;
        }
        infos.stream().mapToInt(PartitionInfo::partition).sorted()
                .forEach(p -> parts.add(new TopicPartition(topic, p)));
        return parts;
    }

    public Map<TopicPartition, Long> beginnings(Collection<TopicPartition> parts) {
        return consumer.beginningOffsets(parts, timeout);
    }

    /** End offsets as a read_committed reader sees them: the last stable offset. */
    public Map<TopicPartition, Long> ends(Collection<TopicPartition> parts) {
        return consumer.endOffsets(parts, timeout);
    }

    /** The first offset at or after {@code time} per partition, or the end offset when there is none. */
    public Map<TopicPartition, Long> offsetsAt(Collection<TopicPartition> parts, Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> ends = ends(parts);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            out.put(tp, o == null ? ends.get(tp) : o.offset());
        }
        return out;
    }

    /**
     * Reads every partition from {@code from} (inclusive) to {@code to} (exclusive), at most
     * {@code max} records in all. Fails when the cluster hands out nothing for a whole timeout
     * while records remain, instead of waiting forever.
     */
    public Outcome read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, long max, Visitor visitor) {
        Set<TopicPartition> pending = new HashSet<>();
        for (var e : from.entrySet()) {
            if (e.getValue() < to.getOrDefault(e.getKey(), 0L)) {
                pending.add(e.getKey());
            }
        }
        consumer.assign(pending);
        consumer.resume(pending); // an earlier read of the same partitions paused them
        pending.forEach(tp -> consumer.seek(tp, from.get(tp)));
        long count = 0;
        Instant lastProgress = clock.instant();
        while (!pending.isEmpty()) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (!pending.contains(tp) || r.offset() >= to.get(tp)) {
                    continue;
                }
                if (count >= max || !visitor.accept(r)) {
                    return new Outcome(count, true);
                }
                count++;
            }
            boolean moved = !batch.isEmpty();
            for (TopicPartition tp : new ArrayList<>(pending)) {
                if (consumer.position(tp, timeout) >= to.get(tp)) {
                    pending.remove(tp);
                    consumer.pause(List.of(tp));
                    moved = true;
                }
            }
            if (moved) {
                lastProgress = clock.instant();
            } else if (Duration.between(lastProgress, clock.instant()).compareTo(timeout) > 0) {
                throw new WardenException(WardenException.UNAVAILABLE, "reading " + pending + " made no progress for "
                        + timeout.toSeconds() + " s after " + count + " records: check that the brokers are up");
            }
        }
        return new Outcome(count, false);
    }

    @Override
    public void close() {
        consumer.close(timeout);
    }
}
