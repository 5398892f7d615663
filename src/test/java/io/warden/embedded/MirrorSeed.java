package io.warden.embedded;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.mirror.Checkpoint;
import org.apache.kafka.connect.mirror.Heartbeat;
import org.apache.kafka.connect.mirror.OffsetSync;

/**
 * Writes what MirrorMaker 2 would have written, in its own formats, where a test needs a given
 * replication history (a duplicate, a stale checkpoint) that a running MirrorMaker cannot be made
 * to produce on cue.
 */
public final class MirrorSeed implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    /** @param producerProps client settings of a producer on the cluster that holds the topics */
    public MirrorSeed(Map<String, Object> producerProps) {
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A record of {@code topic}'s partition, with its timestamp, as MirrorMaker copies it. */
    public void record(String topic, int partition, long timestamp, String key, String value) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, partition, timestamp, bytes(key), bytes(value))).get();
    }

    /** A checkpoint: {@code group} at {@code upstream} on the source, translated to {@code downstream} on {@code replica}. */
    public void checkpoint(String topic, String group, TopicPartition replica, long upstream, long downstream)
            throws ExecutionException, InterruptedException {
        Struct key = new Struct(Checkpoint.KEY_SCHEMA).set(Checkpoint.CONSUMER_GROUP_ID_KEY, group)
                .set(Checkpoint.TOPIC_KEY, replica.topic()).set(Checkpoint.PARTITION_KEY, replica.partition());
        Struct header = new Struct(Checkpoint.HEADER_SCHEMA).set(Checkpoint.VERSION_KEY, Checkpoint.VERSION);
        Struct value = new Struct(Checkpoint.VALUE_SCHEMA_V0).set(Checkpoint.UPSTREAM_OFFSET_KEY, upstream)
                .set(Checkpoint.DOWNSTREAM_OFFSET_KEY, downstream).set(Checkpoint.METADATA_KEY, "");
        producer.send(new ProducerRecord<>(topic, 0, write(List.of(key)), write(List.of(header, value)))).get();
    }

    /** An offset-sync: source record {@code upstream} of {@code source} was written at {@code downstream} on the replica. */
    public void offsetSync(String topic, TopicPartition source, long upstream, long downstream)
            throws ExecutionException, InterruptedException {
        Struct key = new Struct(OffsetSync.KEY_SCHEMA).set(OffsetSync.TOPIC_KEY, source.topic())
                .set(OffsetSync.PARTITION_KEY, source.partition());
        Struct value = new Struct(OffsetSync.VALUE_SCHEMA).set(OffsetSync.UPSTREAM_OFFSET_KEY, upstream)
                .set(OffsetSync.DOWNSTREAM_OFFSET_KEY, downstream);
        producer.send(new ProducerRecord<>(topic, 0, write(List.of(key)), write(List.of(value)))).get();
    }

    /** A heartbeat of the flow {@code sourceAlias -> targetAlias}, emitted at {@code emittedMillis}. */
    public void heartbeat(String topic, String sourceAlias, String targetAlias, long emittedMillis)
            throws ExecutionException, InterruptedException {
        Struct key = new Struct(Heartbeat.KEY_SCHEMA).set(Heartbeat.SOURCE_CLUSTER_ALIAS_KEY, sourceAlias)
                .set(Heartbeat.TARGET_CLUSTER_ALIAS_KEY, targetAlias);
        Struct header = new Struct(Heartbeat.HEADER_SCHEMA).set(Heartbeat.VERSION_KEY, Heartbeat.VERSION);
        Struct value = new Struct(Heartbeat.VALUE_SCHEMA_V0).set(Heartbeat.TIMESTAMP_KEY, emittedMillis);
        producer.send(new ProducerRecord<>(topic, 0, write(List.of(key)), write(List.of(header, value)))).get();
    }

    private static byte[] write(List<Struct> structs) {
        ByteBuffer buffer = ByteBuffer.allocate(structs.stream().mapToInt(Struct::sizeOf).sum());
        structs.forEach(s -> s.writeTo(buffer));
        return buffer.array();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
