package io.warden.daemon.ha;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a partition of a fleet topic to its end, committed records only, keeping the latest value
 * of each key. "The end" is the high watermark, not the last stable offset: a transaction of the
 * previous owner still open there is waited for, so what it commits is seen before this instance
 * acts in its place.
 */
final class StateReader {

    private final Map<String, Object> props;
    private final Admin home;

    StateReader(Map<String, Object> consumerProps, Admin home) {
        this.props = new HashMap<>(consumerProps);
        this.props.put("isolation.level", "read_committed");
        this.props.put("auto.offset.reset", "earliest");
        this.home = home;
    }

    /** The latest value of each key, or null when the end was not reached within {@code timeout}. */
    Map<String, byte[]> read(TopicPartition partition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long end = home.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .partitionResult(partition).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        Map<String, byte[]> latest = new LinkedHashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, r.value());
                    }
                }
            }
        }
        return latest;
    }
}
