package io.warden.dr;

import io.warden.kafka.TopicScan;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.connect.mirror.Checkpoint;
import org.apache.kafka.connect.mirror.Heartbeat;

/**
 * What MirrorMaker 2 wrote into its own topics, read to their end: offset-syncs (which source
 * offset became which replica offset), checkpoints (each group's translated position) and
 * heartbeats. Records are untrusted input: one that does not parse is counted and skipped, never
 * the end of the reading.
 */
public final class MirrorRecords {

    /** One offset-sync: source offset {@code upstream} of {@code source} was written at {@code downstream} on the replica. */
    public record OffsetSync(TopicPartition source, long upstream, long downstream, Instant written) {
    }

    /**
     * A group's checkpoint as MirrorMaker writes it: the partition is the replica's on the DR
     * cluster (e.g. {@code primary.orders-0}), {@code upstream} the group's committed offset on the
     * source partition it copies, {@code downstream} MirrorMaker's translation on the replica.
     */
    public record GroupCheckpoint(String group, TopicPartition replica, long upstream, long downstream, String metadata,
                                  Instant written) {
    }

    /** The newest heartbeat MirrorMaker wrote for a flow. */
    public record HeartbeatSeen(String sourceAlias, String targetAlias, Instant emitted, Instant written) {
    }

    /**
     * What one topic held.
     *
     * @param exists    false when the topic is not there (MirrorMaker never ran, or runs elsewhere)
     * @param malformed records that did not parse and were skipped
     */
    public record Read<T>(boolean exists, T value, long malformed) {
    }

    static final Schema OFFSET_SYNC_KEY = new Schema(new Field("topic", Type.STRING), new Field("partition", Type.INT32));
    static final Schema OFFSET_SYNC_VALUE = new Schema(new Field("upstreamOffset", Type.INT64), new Field("offset", Type.INT64));

    /** Bound on records read from one internal topic, so a huge or hostile topic cannot exhaust memory. */
    static final long MAX_RECORDS = 5_000_000;

    private MirrorRecords() {
    }

    /** The newest offset-sync of every source partition, from MirrorMaker's offset-syncs topic. */
    public static Read<Map<TopicPartition, OffsetSync>> offsetSyncs(TopicScan scan, String topic) {
        return newestOffsetSyncs(topic).read(scan);
    }

    /** A reader of the newest offset-sync per source partition that, kept, reads only what was added since. */
    public static Newest<TopicPartition, OffsetSync> newestOffsetSyncs(String topic) {
        return new Newest<>(topic, r -> {
            OffsetSync s = parseOffsetSync(r);
            return Map.entry(s.source(), s);
        });
    }

    /** Every offset-sync still in the topic, oldest first per source partition (compaction keeps the newest). */
    public static Read<Map<TopicPartition, List<OffsetSync>>> offsetSyncHistory(TopicScan scan, String topic) {
        Map<TopicPartition, List<OffsetSync>> all = new HashMap<>();
        long bad = readAll(scan, topic, r -> {
            OffsetSync s = parseOffsetSync(r);
            all.computeIfAbsent(s.source(), k -> new java.util.ArrayList<>()).add(s);
        });
        return new Read<>(bad >= 0, all, Math.max(0, bad));
    }

    /** The newest checkpoint of every (group, replica partition), groups in name order. */
    public static Read<Map<String, Map<TopicPartition, GroupCheckpoint>>> checkpoints(TopicScan scan, String topic) {
        return byGroup(newestCheckpoints(topic).read(scan));
    }

    /** A reader of the newest checkpoint per (group, replica partition) that, kept, reads only what was added since. */
    public static Newest<Map.Entry<String, TopicPartition>, GroupCheckpoint> newestCheckpoints(String topic) {
        return new Newest<>(topic, r -> {
            Checkpoint c = Checkpoint.deserializeRecord(r);
            if (c.consumerGroupId() == null || c.topicPartition() == null || c.topicPartition().topic() == null) {
                throw new IllegalArgumentException("incomplete checkpoint");
            }
            return Map.entry(Map.entry(c.consumerGroupId(), c.topicPartition()), new GroupCheckpoint(c.consumerGroupId(),
                    c.topicPartition(), c.upstreamOffset(), c.downstreamOffset(), c.metadata(), Instant.ofEpochMilli(r.timestamp())));
        });
    }

    /** Checkpoints by group (in name order), then by replica partition. */
    public static Read<Map<String, Map<TopicPartition, GroupCheckpoint>>> byGroup(Read<Map<Map.Entry<String, TopicPartition>, GroupCheckpoint>> read) {
        Map<String, Map<TopicPartition, GroupCheckpoint>> out = new TreeMap<>();
        read.value().forEach((k, c) -> out.computeIfAbsent(k.getKey(), g -> new HashMap<>()).put(k.getValue(), c));
        return new Read<>(read.exists(), out, read.malformed());
    }

    /** The newest heartbeat of the flow {@code sourceAlias -> targetAlias} in {@code topic}, by its emit time. */
    public static Read<Optional<HeartbeatSeen>> newestHeartbeat(TopicScan scan, String topic, String sourceAlias,
                                                               String targetAlias) {
        HeartbeatSeen[] newest = {null};
        List<TopicPartition> parts = scan.partitionsIfAny(topic);
        if (parts.isEmpty()) {
            return new Read<>(false, Optional.empty(), 0);
        }
        // heartbeats are not compacted: only the last few records of each partition matter
        Map<TopicPartition, Long> ends = scan.ends(parts);
        Map<TopicPartition, Long> starts = scan.beginnings(parts);
        Map<TopicPartition, Long> from = new HashMap<>();
        parts.forEach(tp -> from.put(tp, Math.max(starts.getOrDefault(tp, 0L), ends.getOrDefault(tp, 0L) - 50)));
        long[] bad = {0};
        scan.read(from, ends, MAX_RECORDS, r -> {
            try {
                Heartbeat h = Heartbeat.deserializeRecord(r);
                if (sourceAlias.equals(h.sourceClusterAlias()) && targetAlias.equals(h.targetClusterAlias())
                        && (newest[0] == null || h.timestamp() > newest[0].emitted().toEpochMilli())) {
                    newest[0] = new HeartbeatSeen(h.sourceClusterAlias(), h.targetClusterAlias(),
                            Instant.ofEpochMilli(h.timestamp()), Instant.ofEpochMilli(r.timestamp()));
                }
            } catch (RuntimeException e) {
                bad[0]++;
            }
            return true;
        });
        return new Read<>(true, Optional.ofNullable(newest[0]), bad[0]);
    }

    /**
     * The newest value per key of a compacted MirrorMaker topic. The first reading reads the topic
     * from its start; a kept reader then reads only the records added since, so a daemon does not
     * read MirrorMaker's offset-syncs (one record per few hundred replicated, compacted only when a
     * segment rolls) from the start every cycle. At most {@link #MAX_RECORDS} records are read per
     * reading; the next reading goes on from there. A topic whose offsets went back (deleted and
     * created again) is read again from its start.
     */
    public static final class Newest<K, V> {
        private final String topic;
        private final Function<ConsumerRecord<byte[], byte[]>, Map.Entry<K, V>> parse;
        private final Map<TopicPartition, Long> next = new HashMap<>();
        private final Map<K, V> values = new HashMap<>();
        private long malformed;

        Newest(String topic, Function<ConsumerRecord<byte[], byte[]>, Map.Entry<K, V>> parse) {
            this.topic = topic;
            this.parse = parse;
        }

        public Read<Map<K, V>> read(TopicScan scan) {
            List<TopicPartition> parts = scan.partitionsIfAny(topic);
            if (parts.isEmpty()) {
                forget();
                return new Read<>(false, Map.of(), 0);
            }
            Map<TopicPartition, Long> starts = scan.beginnings(parts);
            Map<TopicPartition, Long> ends = scan.ends(parts);
            if (parts.stream().anyMatch(tp -> next.getOrDefault(tp, 0L) > ends.getOrDefault(tp, 0L))) {
                forget();
            }
            Map<TopicPartition, Long> from = new HashMap<>();
            parts.forEach(tp -> from.put(tp, Math.max(next.getOrDefault(tp, 0L), starts.getOrDefault(tp, 0L))));
            TopicScan.Outcome outcome = scan.read(from, ends, MAX_RECORDS, r -> {
                next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                if (!taken(r, record -> {
                    Map.Entry<K, V> e = parse.apply(record);
                    values.put(e.getKey(), e.getValue());
                })) {
                    malformed++;
                }
                return true;
            });
            if (!outcome.stopped()) {
                next.putAll(ends); // transaction markers and compacted gaps end a partition short of its end offset
            }
            return new Read<>(true, Map.copyOf(values), malformed);
        }

        private void forget() {
            next.clear();
            values.clear();
            malformed = 0;
        }
    }

    static OffsetSync parseOffsetSync(ConsumerRecord<byte[], byte[]> r) {
        Struct key = OFFSET_SYNC_KEY.read(ByteBuffer.wrap(r.key()));
        Struct value = OFFSET_SYNC_VALUE.read(ByteBuffer.wrap(r.value()));
        String topic = key.getString("topic");
        if (topic == null) {
            throw new IllegalArgumentException("offset-sync without a topic");
        }
        return new OffsetSync(new TopicPartition(topic, key.getInt("partition")), value.getLong("upstreamOffset"),
                value.getLong("offset"), Instant.ofEpochMilli(r.timestamp()));
    }

    /** Feeds every record of the topic to {@code sink}; the count of records it refused, or -1 when the topic does not exist. */
    private static long readAll(TopicScan scan, String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> parts = scan.partitionsIfAny(topic);
        if (parts.isEmpty()) {
            return -1;
        }
        long[] bad = {0};
        scan.read(scan.beginnings(parts), scan.ends(parts), MAX_RECORDS, r -> {
            if (!taken(r, sink)) {
                bad[0]++;
            }
            return true;
        });
        return bad[0];
    }

    /** Hands {@code r} to {@code sink}; false for a tombstone, a stranger's record or one that does not parse. */
    private static boolean taken(ConsumerRecord<byte[], byte[]> r, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        if (r.key() == null || r.value() == null) {
            return false;
        }
        try {
            sink.accept(r);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
