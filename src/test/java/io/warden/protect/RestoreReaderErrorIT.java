package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.warden.WardenException;
import io.warden.cli.Main;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.kafka.ConnectionSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a backup and a restore whose segment reader dies of an Error (an AssertionError, as an
 * OutOfMemoryError would), when the restore runs, then it ends promptly with an error naming the
 * segment and what it died of, and the target holds only the records of transactions that
 * committed, each matching the progress committed with them. And a restore whose read-ahead may
 * hold only one segment restores its partitions one after another, in order, and resumes.
 */
class RestoreReaderErrorIT {

    static final String TOPIC = "reader";
    static EmbeddedKafka kafka;

    @TempDir
    static Path tmp;
    static Path dir;

    @BeforeAll
    static void backup() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic(TOPIC, 2, (short) 1)));
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 20; i++) {
                for (int partition = 0; partition < 2; partition++) {
                    p.send(new ProducerRecord<>(TOPIC, partition, ("k" + i).getBytes(StandardCharsets.UTF_8),
                            ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        dir = tmp.resolve("backup");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "backup", "create", "-b",
                kafka.bootstrapServers(), "--topics", TOPIC, "--to", dir.toString(), "--segment-records", "4");
        assertThat(exit).as(err.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void anErrorReadingAheadBeforeTheCheckEndsTheRestoreInsteadOfHangingIt() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("existing", 2, (short) 1))); // into existing topics: checked first
        }
        String failing = TOPIC + "/1/" + Segment.fileName(0); // read ahead at the start, then awaited by the check
        RestoreService service = new RestoreService(settings(), Clock.systemUTC(), failOn(failing));
        RestoreService.Options options = new RestoreService.Options(Pattern.compile(TOPIC), Map.of(TOPIC, "existing"), 3,
                Long.MAX_VALUE, true);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> service.restore(dir, options, (d, t) -> { }))
                .isInstanceOf(WardenException.class).hasMessageContaining("AssertionError").hasMessageContaining("injected")
                .hasMessageNotContaining("\n"));
        assertThat(committed("existing")).allSatisfy((p, records) -> assertThat(records).isEmpty());
    }

    @Test
    void anErrorReadingAheadAfterCommitsEndsTheRestoreWithOnlyCompleteTransactionsCommitted() throws Exception {
        String failing = TOPIC + "/0/" + Segment.fileName(12); // the fourth segment of partition 0
        RestoreService service = new RestoreService(settings(), Clock.systemUTC(), failOn(failing));
        RestoreService.Options options = new RestoreService.Options(Pattern.compile(TOPIC), Map.of(TOPIC, "created"), 3,
                Long.MAX_VALUE, true);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> service.restore(dir, options, (d, t) -> { }))
                .isInstanceOf(WardenException.class).hasMessageContaining(failing).hasMessageContaining("AssertionError")
                .hasMessageContaining("run the restore again"));
        Map<Integer, List<String>> restored = committed("created");
        int total = restored.values().stream().mapToInt(List::size).sum();
        assertThat(total).as("records of whole transactions of 3").isPositive().isLessThan(40);
        assertThat(total % 3).isZero();
        Map<TopicPartition, OffsetAndMetadata> progress;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            progress = admin.listConsumerGroupOffsets(RestorePlanner.progressGroup(BackupVerifier.manifest(dir).clusterId(),
                    BackupVerifier.manifest(dir).createdAt())).partitionsToOffsetAndMetadata().get();
        }
        for (int p = 0; p < 2; p++) {
            OffsetAndMetadata done = progress.get(new TopicPartition("created", p));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < (done == null ? 0 : done.offset()); i++) {
                expected.add("k" + i + "=v" + i); // source offsets 0..19 are records 0..19
            }
            assertThat(restored.get(p)).as("partition %d: the records its committed progress counts, in order", p)
                    .containsExactlyElementsOf(expected);
        }
        assertThat(restored.get(0).size()).as("partition 0 stopped before its fourth segment").isLessThanOrEqualTo(12);
    }

    @Test
    void aRestoreHoldingOneSegmentAtATimeTakesUpOnePartitionAfterTheOtherAndResumesWithoutLossOrDuplicates() throws Exception {
        List<String> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReadAhead.Reader noting = (path, segment, buffers) -> {
            reads.add(segment.file());
            return ReadAhead.CHECKED.read(path, segment, buffers);
        };
        RestoreService service = new RestoreService(settings(), Clock.systemUTC(), noting, 1);
        Map<String, String> rename = Map.of(TOPIC, "one-at-a-time");
        RestoreService.Result first = service.restore(dir, new RestoreService.Options(Pattern.compile(TOPIC), rename, 3, 6, true),
                (d, t) -> { });
        assertThat(first.restored()).isEqualTo(6);
        assertThat(first.complete()).isFalse();
        assertThat(reads).as("partition 0 only, its segments in turn").containsExactly(TOPIC + "/0/" + Segment.fileName(0),
                TOPIC + "/0/" + Segment.fileName(4));

        reads.clear();
        RestoreService.Result second = service.restore(dir, new RestoreService.Options(Pattern.compile(TOPIC), rename,
                Integer.MAX_VALUE, Long.MAX_VALUE, true), (d, t) -> { });
        assertThat(second.complete()).isTrue();
        assertThat(second.alreadyRestored()).isEqualTo(6);
        List<String> expectedReads = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            for (long offset = partition == 0 ? 4 : 0; offset < 20; offset += 4) {
                expectedReads.add(TOPIC + "/" + partition + "/" + Segment.fileName(offset));
            }
        }
        assertThat(reads).as("partition 1 once partition 0 is done").containsSubsequence(expectedReads)
                .containsOnlyOnce(expectedReads.toArray(String[]::new));
        Map<Integer, List<String>> restored = committed("one-at-a-time");
        for (int p = 0; p < 2; p++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("k" + i + "=v" + i);
            }
            assertThat(restored.get(p)).as("partition %d: every record once, in order", p).containsExactlyElementsOf(expected);
        }
    }

    private static ReadAhead.Reader failOn(String file) {
        return (store, segment, buffers) -> {
            if (segment.file().equals(file)) {
                throw new AssertionError("injected into the segment reader");
            }
            return ReadAhead.CHECKED.read(store, segment, buffers);
        };
    }

    private static ConnectionSettings settings() {
        return ConnectionSettings.of(kafka.bootstrapServers(), null, Duration.ofSeconds(20));
    }

    private static Map<Integer, List<String>> committed(String topic) {
        Map<Integer, List<String>> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            tps.forEach(tp -> out.put(tp.partition(), new ArrayList<>()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.get(r.partition()).add(new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
