package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given consumer groups on cluster A that committed in the middle of a topic whose log start moved,
 * in the middle of a compacted topic with gaps, before the log start and at the end, when the
 * operator backs the topics up and restores them into a fresh cluster (in several runs, as after a
 * kill), then a consumer of each group polls on B exactly the record it would have polled on A, and
 * a metadata restore before or after does not put the unmapped numbers back.
 */
class GroupOffsetsRestoreIT {

    static EmbeddedKafka a;
    static EmbeddedKafka b;
    static final TopicPartition MOVED = new TopicPartition("moved", 0);
    static final TopicPartition LEDGER = new TopicPartition("ledger", 0);
    /** group -> partition -> the record its consumer polls next on A (null: none, it is at the end) */
    static final Map<String, Map<TopicPartition, String>> expected = new HashMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void clusters() throws Exception {
        a = EmbeddedKafka.start(1, Map.of("log.cleaner.backoff.ms", "100"));
        // records from 2020 restored with --allow-expired stay while the test reads them
        b = EmbeddedKafka.start(1, Map.of("log.initial.task.delay.ms", "3600000"));
        try (Admin admin = admin(a); KafkaProducer<byte[], byte[]> p = producer(a)) {
            ReadyTopics.create(admin, List.of(new NewTopic("moved", 1, (short) 1), new NewTopic("ledger", 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact", "segment.ms", "100", "min.cleanable.dirty.ratio", "0.01"))));
            for (int i = 0; i < 12; i++) {
                p.send(record("moved", "m" + i, i));
            }
            int n = 0;
            for (String key : List.of("a", "b", "c", "d", "b", "c", "e")) { // compaction leaves a, d and the later b, c
                p.send(record("ledger", key, n++));
            }
            p.flush();
            // 'early' committed before the log start moved past it
            admin.alterConsumerGroupOffsets("early", Map.of(MOVED, new OffsetAndMetadata(2))).all().get();
            admin.deleteRecords(Map.of(MOVED, RecordsToDelete.beforeOffset(5))).all().get();
            // segment.ms rolls the segment on an append stamped that much later (the records above are from
            // 2020, a tick is stamped now); the cleaner then removes the older values
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                p.send(new ProducerRecord<>("ledger", 0, null, "tick".getBytes(StandardCharsets.UTF_8), new byte[0])).get();
                return offsets(a, LEDGER).get(1) != 1;
            });
            // a restored copy keeps the gaps but is not compacted again while the test reads it
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "ledger"), List.of(
                    new AlterConfigOp(new ConfigEntry("segment.ms", ""), AlterConfigOp.OpType.DELETE),
                    new AlterConfigOp(new ConfigEntry("min.cleanable.dirty.ratio", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            List<Long> ledger = offsets(a, LEDGER);
            assertThat(ledger.subList(0, 2)).as("compaction left a gap after the first record").containsExactly(0L, 3L);
            var ends = admin.listOffsets(Map.of(MOVED, OffsetSpec.latest(), LEDGER, OffsetSpec.latest())).all().get();
            long end = ends.get(MOVED).offset();
            long ledgerEnd = ends.get(LEDGER).offset();
            admin.alterConsumerGroupOffsets("middle", Map.of(MOVED, new OffsetAndMetadata(8), LEDGER, new OffsetAndMetadata(1)))
                    .all().get();
            admin.alterConsumerGroupOffsets("done", Map.of(MOVED, new OffsetAndMetadata(end), LEDGER, new OffsetAndMetadata(ledgerEnd)))
                    .all().get();
        }
        for (String group : List.of("early", "middle", "done")) {
            try (Admin admin = admin(a)) {
                Map<TopicPartition, String> next = new HashMap<>();
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                        .forEach((tp, om) -> next.put(tp, nextRecord(a, group, tp)));
                expected.put(group, next);
            }
        }
        assertThat(expected.get("early").get(MOVED)).startsWith("m5|");
        assertThat(expected.get("middle").get(MOVED)).startsWith("m8|");
        assertThat(expected.get("middle").get(LEDGER)).startsWith("d|");
        assertThat(expected.get("done").get(LEDGER)).isNull();
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void eachGroupResumesAtTheSameRecordAfterAnInterruptedRestoreAndMetadataRestoresDoNotUndoIt() throws Exception {
        Path dir = tmp.resolve("backup");
        Cli backup = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "moved|ledger", "--to", dir.toString(),
                "--segment-records", "3");
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        Path metadata = tmp.resolve("metadata.json");
        Cli metaBackup = Cli.run("backup", "metadata", "-b", a.bootstrapServers(), "--to", metadata.toString());
        assertThat(metaBackup.exitCode()).as(metaBackup.err()).isZero();

        // a metadata restore first creates the topics and sets the groups' source offset numbers verbatim
        Cli metaFirst = Cli.run("restore", "metadata", metadata.toString(), "-b", b.bootstrapServers(), "--execute");
        assertThat(metaFirst.exitCode()).as(metaFirst.out() + metaFirst.err()).isLessThan(2);
        assertThat(committed(b, "middle").get(MOVED)).isEqualTo(8);

        // the records are from 2020 and the metadata restore created the topics with the broker's default retention
        Cli plan = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--allow-expired");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Group offsets").containsPattern("middle\\s+moved\\s+0\\s+8\\s+-\\s+set\\s+once moved-0 is restored")
                .contains("replaces the unmapped offset 8");

        String[] restore = {"restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--allow-expired",
            "--transaction-size", "2", "--max-records", "4"};
        Cli partial = Cli.run(restore);
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("run again to continue").containsPattern("middle\\s+\\w+\\s+0\\s+\\d+\\s+\\S+\\s+pending");
        // the next run is another process in effect: all it knows comes from the cluster
        Cli rest = Cli.run(Arrays.copyOf(restore, restore.length - 2));
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(rest.out()).doesNotContain("pending").containsPattern("early\\s+moved\\s+0\\s+2\\s+0\\s+set");

        for (String group : List.of("early", "middle")) {
            for (TopicPartition tp : expected.get(group).keySet()) {
                assertThat(nextRecord(b, group, tp)).as(group + " on " + tp).isEqualTo(expected.get(group).get(tp));
            }
        }
        // 'done' is at the end: it gets the first record produced after the restore, nothing restored
        try (KafkaProducer<byte[], byte[]> p = producer(b)) {
            p.send(record("moved", "new-moved", 99)).get();
            p.send(record("ledger", "new-ledger", 99)).get();
        }
        assertThat(nextRecord(b, "done", MOVED)).startsWith("new-moved|");
        assertThat(nextRecord(b, "done", LEDGER)).startsWith("new-ledger|");

        Map<TopicPartition, Long> mapped = committed(b, "middle");
        Cli metaAfter = Cli.run("restore", "metadata", metadata.toString(), "-b", b.bootstrapServers(), "--execute");
        assertThat(metaAfter.out()).contains("group middle offsets on").contains("restored from a data backup");
        assertThat(committed(b, "middle")).isEqualTo(mapped);

        Cli again = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--allow-expired");
        assertThat(again.out()).contains("Restored 0 records").containsPattern("middle\\s+moved\\s+0\\s+8\\s+\\d+\\s+unchanged");
    }

    @Test
    void aGroupWithAnOffsetOfItsOwnIsLeftAloneAndNoGroupOffsetsSetsNone() throws Exception {
        Path dir = tmp.resolve("own");
        assertThat(Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "moved", "--to", dir.toString()).exitCode())
                .isZero();
        try (Admin admin = admin(b)) {
            ReadyTopics.create(admin, List.of(new NewTopic("moved-own", 1, (short) 1)));
            admin.alterConsumerGroupOffsets("middle", Map.of(new TopicPartition("moved-own", 0), new OffsetAndMetadata(0))).all().get();
        }
        Cli none = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--rename", "moved=moved-none", "--execute",
                "--no-group-offsets", "--retention-ms", "-1");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).doesNotContain("Group offsets");
        assertThat(committed(b, "early")).doesNotContainKey(new TopicPartition("moved-none", 0));

        Cli own = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--rename", "moved=moved-own", "--execute",
                "--allow-expired");
        assertThat(own.exitCode()).as(own.err()).isZero();
        assertThat(own.out()).containsPattern("middle\\s+moved-own\\s+0\\s+8\\s+\\d+\\s+skip\\s+the group has offset 0 of its own");
        assertThat(committed(b, "middle").get(new TopicPartition("moved-own", 0))).isZero();
        assertThat(nextRecord(b, "early", new TopicPartition("moved-own", 0))).startsWith("m5|");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, int i) {
        RecordHeaders h = new RecordHeaders();
        h.add(new RecordHeader("n", new byte[] {(byte) i}));
        h.add(new RecordHeader("n", null));
        return new ProducerRecord<>(topic, 0, 1_600_000_000_000L + i, key.getBytes(StandardCharsets.UTF_8),
                ("value-" + i).getBytes(StandardCharsets.UTF_8), h);
    }

    /** The offsets of the committed records a reader sees now. */
    private static List<Long> offsets(EmbeddedKafka k, TopicPartition tp) {
        List<Long> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(k, null)) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.offset()));
            }
        }
        return out;
    }

    /** What a consumer of the group polls first on the partition, as key|value|headers|timestamp; null when nothing comes. */
    private static String nextRecord(EmbeddedKafka k, String group, TopicPartition tp) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(k, group)) {
            c.assign(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    List<String> headers = new ArrayList<>();
                    for (Header h : r.headers()) {
                        headers.add(h.key() + "=" + Arrays.toString(h.value()));
                    }
                    return new String(r.key(), StandardCharsets.UTF_8) + "|" + new String(r.value(), StandardCharsets.UTF_8) + "|"
                            + headers + "|" + r.timestamp();
                }
            }
            return null;
        }
    }

    private static Map<TopicPartition, Long> committed(EmbeddedKafka k, String group) throws Exception {
        try (Admin admin = admin(k)) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, om) -> out.put(tp, om.offset()));
            return out;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka k, String group) {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", k.bootstrapServers(), "isolation.level", "read_committed",
                "enable.auto.commit", false,
                // on A the 'early' group is before the log start and resumes at the first record; on B every group must have its offset
                "auto.offset.reset", k == a ? "earliest" : "none"));
        if (group != null) {
            props.put("group.id", group);
        }
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka k) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", k.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Admin admin(EmbeddedKafka k) {
        return Admin.create(Map.of("bootstrap.servers", k.bootstrapServers()));
    }
}
