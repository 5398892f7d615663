package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.MirrorMakerKit;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way back after a failover, with a real MirrorMaker replicating the DR cluster back to the
 * primary: clients wrote to the DR cluster's own topic, a group read it there, and failback moves
 * the group onto that topic's copy on the primary ({@code dr.orders}) without skipping a record.
 */
class DrFailbackIT {

    private static final String TOPIC = "orders";
    private static final String BACK = MirrorMakerKit.DR + "." + TOPIC;
    private static final String GROUP = "billing";
    private static final int PARTITIONS = 2;
    private static final int RECORDS = 400;
    /**
     * The group read every record of each partition on DR: MirrorMaker's checkpoint task starts when it first sees
     * the group and keeps only the newest offset-sync of what was already written, so it checkpoints only a position
     * at or after that sync. (Positions between syncs, where the exact method beats the translation, are
     * {@code DrFailoverIT}'s.)
     */
    private static final long READ = RECORDS / PARTITIONS;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafka primary;
    private static EmbeddedKafka dr;
    private static MirrorMakerKit back;

    @TempDir
    static Path dir;

    @BeforeAll
    static void clientsRanOnDrAndMirrorMakerReplicatesBack() throws Exception {
        primary = EmbeddedKafka.single();
        dr = EmbeddedKafka.single();
        try (Admin admin = admin(dr)) {
            ReadyTopics.create(admin, List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)));
        }
        produceOnDr(0);
        back = MirrorMakerKit.back(primary, dr, TOPIC, GROUP);
        back.start();
        awaitCopied(RECORDS);
        try (Admin admin = admin(dr)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                offsets.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(READ));
            }
            admin.alterConsumerGroupOffsets(GROUP, offsets).all().get();
        }
        await("checkpoint of the group on the primary").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(DrFailbackIT::reference, t -> t.size() == PARTITIONS);
        // clients wrote on after the group's position, so there is a record to read where it goes back to
        produceOnDr(RECORDS);
        awaitCopied(2 * RECORDS);
        back.stop(); // clients are stopped before the way back, and so is its replication
    }

    @AfterAll
    static void stopAll() {
        MirrorMakerKit.closeAll(back, dr, primary);
    }

    @Test
    void theReverseFlowsCheckpointsMoveTheGroupBackOntoTheCopyWithoutSkippingARecord() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> reference = reference();
        String[] plan = {"dr", "failback", "--source-bootstrap-server", primary.bootstrapServers(),
            "--target-bootstrap-server", dr.bootstrapServers(), "--group", GROUP, "-o", "json"};
        Cli run = Cli.run(plan);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("reverseFlow").get("checkpoints").asBoolean()).isTrue();
        assertThat(json.get("reverseFlow").get("offsetSyncs").asBoolean()).isTrue();
        JsonNode parts = json.get("groups").get(0).get("partitions");
        assertThat(parts).hasSize(PARTITIONS);
        Map<Integer, Long> positions = new HashMap<>();
        for (JsonNode p : parts) {
            int partition = p.get("partition").asInt();
            long translation = reference.get(new TopicPartition(BACK, partition)).offset();
            assertThat(p.get("replicaTopic").asText()).isEqualTo(BACK);
            assertThat(p.get("committed").asLong()).isEqualTo(READ);
            assertThat(p.get("translation").asLong()).as(p.toString()).isEqualTo(translation);
            long position = p.get("position").asLong();
            // never past the record the group reached; exact where MirrorMaker's syncs allow the proof
            assertThat(position).as(p.toString()).isBetween(translation, READ);
            if (p.get("method").asText().equals("exact")) {
                assertThat(position).isEqualTo(READ);
            }
            positions.put(partition, position);
        }

        Cli execute = Cli.run(append(plan, "--execute", "--undo-file", dir.resolve("undo.csv").toString()));

        assertThat(execute.exitCode()).as(execute.out() + execute.err()).isZero();
        try (Admin admin = admin(primary)) {
            Map<TopicPartition, OffsetAndMetadata> onPrimary = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(onPrimary.get(new TopicPartition(BACK, p)).offset()).isEqualTo(positions.get(p));
            }
        }
        // what the group reads first on the primary is the record it had reached on DR, or one before it
        for (int p = 0; p < PARTITIONS; p++) {
            String first = firstValue(primary, new TopicPartition(BACK, p), positions.get(p));
            long seq = Long.parseLong(first.substring(1));
            assertThat(seq % PARTITIONS).isEqualTo(p);
            assertThat(seq / PARTITIONS).isLessThanOrEqualTo(READ);
        }
    }

    private static void produceOnDr(int from) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", dr.bootstrapServers(), "linger.ms", 5),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, "v" + i));
            }
        }
    }

    private static void awaitCopied(long records) throws Exception {
        try (Admin admin = admin(primary)) {
            await(records + " records of dr.orders on the primary").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> MirrorMakerKit.endOffsets(admin, BACK) >= records);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> reference() throws Exception {
        return RemoteClusterUtils.translateOffsets(Map.of("bootstrap.servers", primary.bootstrapServers()), MirrorMakerKit.DR,
                GROUP, Duration.ofSeconds(10));
    }

    private static String firstValue(EmbeddedKafka kafka, TopicPartition tp, long offset) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            return await("a record of " + tp + " at " + offset).atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    return r.value();
                }
                return null;
            }, v -> v != null);
        }
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }
}
