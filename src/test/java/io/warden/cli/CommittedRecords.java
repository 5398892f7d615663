package io.warden.cli;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a read_committed consumer of a topic sees, per partition in offset order, up to the end when it starts. */
final class CommittedRecords {

    private CommittedRecords() {
    }

    static <T> Map<Integer, List<T>> read(String bootstrapServers, String topic, int partitions,
                                          Function<ConsumerRecord<byte[], byte[]>, T> as) {
        Map<Integer, List<T>> out = new TreeMap<>();
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrapServers, "isolation.level", "read_committed",
                "enable.auto.commit", false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                out.put(p, new ArrayList<>());
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = settledEnds(c, bootstrapServers, tps);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).pollInSameThread().until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.get(r.partition()).add(as.apply(r));
                }
                return tps.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
            });
        }
        return out;
    }

    /**
     * The last stable offsets once the transactions just committed have their markers: a commit returns
     * before the markers reach the partitions, and until then the last stable offset stops short of
     * the records it committed. A transaction left open on purpose (a killed run) keeps it short; after
     * a few seconds the ends are taken as they are.
     */
    private static Map<TopicPartition, Long> settledEnds(KafkaConsumer<byte[], byte[]> committed, String bootstrapServers,
                                                         List<TopicPartition> tps) {
        Map<TopicPartition, Long> logEnd;
        try (KafkaConsumer<byte[], byte[]> any = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "enable.auto.commit", false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            logEnd = any.endOffsets(tps);
        }
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> committed.endOffsets(tps).equals(logEnd));
        } catch (org.awaitility.core.ConditionTimeoutException stillOpen) {
            // an open transaction: read what is committed
        }
        return committed.endOffsets(tps);
    }
}
