package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.dr.MirrorRecords;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.MirrorMakerKit;
import io.warden.embedded.ReadyTopics;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.TopicScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a primary replicated to DR by a real MirrorMaker 2 and a group that committed offsets on
 * the primary between two of MirrorMaker's offset-syncs, when the operator fails the group over,
 * then Warden commits on DR the replica offset of exactly the first record the group had not
 * processed, where MirrorMaker's own translation would re-read some.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrFailoverIT {

    private static final String TOPIC = "orders";
    private static final String REPLICA = MirrorMakerKit.remoteTopic(TOPIC);
    private static final String GROUP = "billing";
    private static final String BUSY = "busy";
    private static final int PARTITIONS = 2;
    private static final int RECORDS = 600;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafka primary;
    private static EmbeddedKafka dr;
    private static MirrorMakerKit mirror;
    /** The group's committed offset on the primary, per partition. */
    private static final Map<Integer, Long> committed = new HashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void replicateAndCommitBetweenOffsetSyncs() throws Exception {
        primary = EmbeddedKafka.single();
        dr = EmbeddedKafka.single();
        try (Admin admin = admin(primary)) {
            ReadyTopics.create(admin, List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)));
        }
        mirror = new MirrorMakerKit(primary, dr, TOPIC, GROUP + "|" + BUSY);
        mirror.start();
        // two bursts: MirrorMaker's offset-syncs of the first leave a stretch without syncs at the start of the second
        produce(0, RECORDS / 2);
        mirror.awaitReplicated(TOPIC, RECORDS / 2, WAIT);
        produce(RECORDS / 2, RECORDS / 2);
        mirror.awaitReplicated(TOPIC, RECORDS, WAIT);
        // a committed offset two or more records past an offset-sync: MirrorMaker translates it to just after the sync
        Map<TopicPartition, List<MirrorRecords.OffsetSync>> syncs = await("offset-syncs of every partition").atMost(WAIT)
                .until(DrFailoverIT::offsetSyncs, s -> s.keySet().stream().filter(tp -> tp.topic().equals(TOPIC)).count() == PARTITIONS);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            long c = between(syncs.get(new TopicPartition(TOPIC, p)), RECORDS / PARTITIONS);
            committed.put(p, c);
            offsets.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(c));
        }
        try (Admin admin = admin(primary)) {
            admin.alterConsumerGroupOffsets(GROUP, offsets).all().get();
            admin.alterConsumerGroupOffsets(BUSY, offsets).all().get();
        }
        await("checkpoints of " + GROUP + " at the committed offsets").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    var latest = checkpoints().getOrDefault(GROUP, Map.of());
                    return latest.size() == PARTITIONS && latest.values().stream()
                            .allMatch(c -> c.upstream() == committed.get(c.replica().partition()));
                });
        // the DR group has offsets of its own before the failover: the undo file must bring them back
        try (Admin admin = admin(dr)) {
            admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(REPLICA, 0), new OffsetAndMetadata(7))).all().get();
        }
    }

    @AfterAll
    static void stopAll() {
        MirrorMakerKit.closeAll(mirror, dr, primary);
    }

    @Test
    @Order(1)
    void thePlanShowsMirrorMakersTranslationAndTheExactPositionAndChangesNothing() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> reference = mirror.translateOffsets(GROUP);

        Cli run = Cli.run(args("--group", GROUP, "-o", "json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode plan = JSON.readTree(run.out());
        assertThat(plan.get("committedOffsetsFrom").asText()).isEqualTo("source");
        assertThat(plan.get("executed").asBoolean()).isFalse();
        JsonNode parts = plan.get("groups").get(0).get("partitions");
        assertThat(parts).hasSize(PARTITIONS);
        long avoided = 0;
        for (JsonNode p : parts) {
            int partition = p.get("partition").asInt();
            long translation = reference.get(new TopicPartition(REPLICA, partition)).offset();
            assertThat(p.get("replicaTopic").asText()).isEqualTo(REPLICA);
            assertThat(p.get("committed").asLong()).isEqualTo(committed.get(partition));
            assertThat(p.get("translation").asLong()).as("MirrorMaker's translation").isEqualTo(translation);
            assertThat(p.get("method").asText()).as(p.toString()).isEqualTo("exact");
            // one partition, one copy, nothing lost: the replica offset equals the source offset here
            assertThat(p.get("exact").asLong()).isEqualTo(committed.get(partition));
            assertThat(p.get("position").asLong()).isEqualTo(p.get("exact").asLong()).isGreaterThan(translation);
            assertThat(p.get("reprocessed").asLong()).isZero();
            assertThat(p.get("avoided").asLong()).isEqualTo(committed.get(partition) - translation);
            avoided += p.get("avoided").asLong();
        }
        assertThat(plan.get("avoided").asLong()).isEqualTo(avoided).isPositive();
        assertThat(drCommitted(GROUP)).containsExactly(Map.entry(new TopicPartition(REPLICA, 0), 7L));

        Cli table = Cli.run(args("--group", GROUP));
        Cli newOnDr = Cli.run(args("--group", BUSY, "-o", "json"));
        assertThat(newOnDr.exitCode()).as(newOnDr.err()).isZero();
        assertThat(JSON.readTree(newOnDr.out()).get("groups").get(0).get("state").asText()).isEqualTo("NONE");
        assertThat(JSON.readTree(newOnDr.out()).get("groups").get(0).get("partitions").findValuesAsText("method"))
                .containsOnly("exact");
        assertThat(table.out()).contains("TRANSLATION", "EXACT", "Reprocessing avoided in total: " + avoided, "Dry run");
    }

    @Test
    @Order(2)
    void executeCommitsTheExactPositionAndTheGroupReadsOnFromTheFirstRecordItHadNotProcessed() throws Exception {
        Path undo = dir.resolve("billing-undo.csv");
        Path audit = dir.resolve("warden.yaml");
        Files.writeString(audit, "cluster:\n  bootstrap-servers: " + primary.bootstrapServers() + "\n  dr:\n    target:\n"
                + "      bootstrap-servers: " + dr.bootstrapServers() + "\naudit:\n  file: " + dir.resolve("audit.jsonl") + "\n");

        Cli run = Cli.run("dr", "failover", "--config", audit.toString(), "--group", GROUP, "--execute", "--undo-file",
                undo.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Offsets committed on " + MirrorMakerKit.DR);
        Map<TopicPartition, Long> onDr = drCommitted(GROUP);
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(onDr.get(new TopicPartition(REPLICA, p))).isEqualTo(committed.get(p));
        }
        Map<Integer, String> firstOnDr = firstRecordsOf(GROUP);
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(firstOnDr.get(p)).as("partition %d: the first record the group reads on DR", p)
                    .isEqualTo(sourceRecordAt(p, committed.get(p)));
        }
        assertThat(Files.readString(undo)).isEqualTo(REPLICA + ",0,7\n");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"dr.failover\"", GROUP, undo.toString());

        Cli back = Cli.run("groups", "import", "--bootstrap-server", dr.bootstrapServers(), "--from-file", undo.toString(),
                "--group", GROUP, "--execute", "--undo-file", dir.resolve("second-undo.csv").toString());

        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(drCommitted(GROUP)).containsEntry(new TopicPartition(REPLICA, 0), 7L);
    }

    @Test
    @Order(3)
    void aGroupWithAnActiveMemberOnDrIsRefusedWithOneLineAndNothingChanges() throws Exception {
        Map<String, Object> props = Map.of("bootstrap.servers", dr.bootstrapServers(), "group.id", BUSY,
                "auto.offset.reset", "earliest", "enable.auto.commit", "false");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(REPLICA));
            await("member of " + BUSY + " on DR").atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return !consumer.assignment().isEmpty();
            });

            Cli run = Cli.run(args("--group", BUSY, "--execute", "--undo-file", dir.resolve("busy.csv").toString()));

            assertThat(run.exitCode()).isEqualTo(64);
            assertThat(run.err().strip()).doesNotContain("\n").contains("cannot failover group 'busy'", "active member");
            assertThat(dir.resolve("busy.csv")).doesNotExist();
            assertThat(drCommitted(BUSY)).isEmpty();
        }
    }

    @Test
    @Order(4)
    void theFailbackPlanShowsNoReverseFlowAndTheReplicaThatWouldCycleAndMovesTheGroupBackExactly() throws Exception {
        mirror.stop(); // replication stopped, as before any failback
        // the group ran on DR after the failover and read a few more records there; its position now lies after an
        // offset-sync (the failover proved one at or before its old position), which the way back compares from
        try (Admin admin = admin(dr)) {
            Map<TopicPartition, OffsetAndMetadata> onDr = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                onDr.put(new TopicPartition(REPLICA, p), new OffsetAndMetadata(Math.min(committed.get(p) + 3, RECORDS / PARTITIONS)));
            }
            admin.alterConsumerGroupOffsets(GROUP, onDr).all().get();
        }
        Cli run = Cli.run(failbackArgs("--all-groups", "-o", "json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode plan = JSON.readTree(run.out());
        assertThat(plan.get("reverseFlow").get("state").asText()).isIn("none", "heartbeats-only");
        assertThat(plan.get("reverseFlow").get("checkpoints").asBoolean()).isFalse();
        assertThat(plan.get("collisions").findValuesAsText("topic")).contains(REPLICA);
        assertThat(plan.get("collisions").findValuesAsText("wouldBe")).contains(MirrorMakerKit.DR + "." + REPLICA);
        assertThat(plan.get("groups")).isEmpty();

        // the group on DR, on the replica: back to the original through MirrorMaker's offset-syncs, exactly
        Map<TopicPartition, Long> onDr = drCommitted(GROUP);
        Cli table = Cli.run(failbackArgs("--group", GROUP));
        Cli json = Cli.run(failbackArgs("--group", GROUP, "-o", "json"));

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("Reverse flow dr -> primary: none", "cycle", "dr.primary.orders");
        JsonNode parts = JSON.readTree(json.out()).get("groups").get(0).get("partitions");
        assertThat(parts).hasSize(PARTITIONS);
        for (JsonNode p : parts) {
            TopicPartition replica = new TopicPartition(REPLICA, p.get("partition").asInt());
            assertThat(p.get("replicaTopic").asText()).isEqualTo(TOPIC);
            assertThat(p.get("committed").asLong()).isEqualTo(onDr.get(replica));
            assertThat(p.get("method").asText()).as(p.toString()).isEqualTo("exact");
            // replica offsets equal source offsets in this pair
            assertThat(p.get("position").asLong()).isEqualTo(onDr.get(replica));
        }

        Path undo = dir.resolve("failback-undo.csv");
        Cli execute = Cli.run(failbackArgs("--group", GROUP, "--execute", "--undo-file", undo.toString()));

        assertThat(execute.exitCode()).as(execute.err()).isZero();
        Map<TopicPartition, Long> onPrimary = committed(primary, GROUP);
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(onPrimary.get(new TopicPartition(TOPIC, p))).isEqualTo(onDr.get(new TopicPartition(REPLICA, p)));
        }
        assertThat(Files.readString(undo)).isEqualTo(TOPIC + ",0," + committed.get(0) + "\n" + TOPIC + ",1," + committed.get(1) + "\n");
    }

    @Test
    @Order(5)
    void withThePrimaryDownTheCommittedOffsetsComeFromTheCheckpointsAndTheTranslationIsKept() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> reference = mirror.translateOffsets(GROUP);
        mirror.stop();
        primary.close();

        Cli run = Cli.run(args("--group", GROUP, "--timeout", "2s", "-o", "json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode plan = JSON.readTree(run.out());
        assertThat(plan.get("committedOffsetsFrom").asText()).isEqualTo("checkpoints");
        assertThat(plan.get("sourceProblem").asText()).contains("unreachable");
        for (JsonNode p : plan.get("groups").get(0).get("partitions")) {
            int partition = p.get("partition").asInt();
            assertThat(p.get("committedFrom").asText()).isEqualTo("checkpoint");
            assertThat(p.get("committed").asLong()).isEqualTo(committed.get(partition));
            assertThat(p.get("method").asText()).isEqualTo("translation");
            assertThat(p.get("position").asLong()).isEqualTo(reference.get(new TopicPartition(REPLICA, partition)).offset());
            assertThat(p.get("reprocessed").isNull()).isTrue();
        }
    }

    private static void produce(int from, int count) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", primary.bootstrapServers(),
                "linger.ms", 5), new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, "v" + i));
            }
        }
    }

    private static String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of("dr", "failover", "--source-bootstrap-server", primary.bootstrapServers(),
                "--target-bootstrap-server", dr.bootstrapServers()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String[] failbackArgs(String... more) {
        String[] a = args(more);
        a[1] = "failback";
        return a;
    }

    /** An offset two or more past the newest sync below {@code limit} and short of the next one. */
    private static long between(List<MirrorRecords.OffsetSync> syncs, long limit) {
        List<Long> upstream = syncs.stream().map(MirrorRecords.OffsetSync::upstream).sorted().toList();
        for (int i = upstream.size() - 1; i >= 0; i--) {
            long next = i + 1 < upstream.size() ? upstream.get(i + 1) : limit;
            if (next - upstream.get(i) >= 4 && upstream.get(i) < limit - 3) {
                return upstream.get(i) + (Math.min(next, limit) - upstream.get(i)) / 2;
            }
        }
        throw new IllegalStateException("no room between offset-syncs " + upstream);
    }

    private static Map<TopicPartition, List<MirrorRecords.OffsetSync>> offsetSyncs() {
        try (TopicScan scan = TopicScan.open(ConnectionSettings.of(primary.bootstrapServers(), null, Duration.ofSeconds(10)),
                Clock.systemUTC())) {
            return MirrorRecords.offsetSyncHistory(scan, "mm2-offset-syncs." + MirrorMakerKit.DR + ".internal").value();
        }
    }

    private static Map<String, Map<TopicPartition, MirrorRecords.GroupCheckpoint>> checkpoints() {
        try (TopicScan scan = TopicScan.open(ConnectionSettings.of(dr.bootstrapServers(), null, Duration.ofSeconds(10)),
                Clock.systemUTC())) {
            return MirrorRecords.checkpoints(scan, MirrorMakerKit.PRIMARY + ".checkpoints.internal").value();
        }
    }

    private static Map<TopicPartition, Long> drCommitted(String group) throws Exception {
        return committed(dr, group);
    }

    private static Map<TopicPartition, Long> committed(EmbeddedKafka kafka, String group) throws Exception {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> out.put(tp, o.offset()));
            return out;
        }
    }

    /** The first record per partition a consumer of the group reads on DR from its committed offsets. */
    private static Map<Integer, String> firstRecordsOf(String group) {
        Map<String, Object> props = Map.of("bootstrap.servers", dr.bootstrapServers(), "group.id", group,
                "auto.offset.reset", "none", "enable.auto.commit", "false");
        Map<Integer, String> first = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(REPLICA));
            await("the first record of every partition on DR").atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    first.putIfAbsent(r.partition(), r.key() + "=" + r.value());
                }
                return first.size() == PARTITIONS;
            });
        }
        return first;
    }

    private static String sourceRecordAt(int partition, long offset) {
        Map<String, Object> props = Map.of("bootstrap.servers", primary.bootstrapServers());
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            return await("source record " + offset).atMost(WAIT).until(() -> consumer.poll(Duration.ofMillis(200)).records(tp)
                    .stream().findFirst().map(r -> r.key() + "=" + r.value()).orElse(null), java.util.Objects::nonNull);
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }
}
