package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.consumer.group.KafkaGroupTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given a topic whose partition 0 starts at offset 20 and whose messages are one minute apart,
 * and a group that committed 50, 60 and 70, when the operator plans a reset in any mode, then
 * Warden's new offsets are the ones Kafka's own {@code kafka-consumer-groups} computes.
 */
class GroupsResetIT {

    static final int PER_PARTITION = 100;
    static final Instant FIRST = Instant.now().minus(10, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedKafka kafka;
    static Path csv;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 3, (short) 1), new NewTopic("audit", 1, (short) 1)));
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int p = 0; p < 3; p++) {
                    for (int i = 0; i < PER_PARTITION; i++) {
                        long ts = FIRST.plus(i, ChronoUnit.MINUTES).toEpochMilli();
                        producer.send(new ProducerRecord<>("orders", p, ts, "k" + i, "v" + i));
                    }
                }
                producer.send(new ProducerRecord<>("audit", 0, FIRST.toEpochMilli(), "k", "v"));
                producer.flush();
            }
            admin.deleteRecords(Map.of(new TopicPartition("orders", 0), RecordsToDelete.beforeOffset(20))).all().get();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            offsets.put(new TopicPartition("orders", 0), new OffsetAndMetadata(50));
            offsets.put(new TopicPartition("orders", 1), new OffsetAndMetadata(60));
            offsets.put(new TopicPartition("orders", 2), new OffsetAndMetadata(70));
            offsets.put(new TopicPartition("audit", 0), new OffsetAndMetadata(0));
            admin.alterConsumerGroupOffsets("billing", offsets).all().get();
            admin.alterConsumerGroupOffsets("shipping", Map.of(new TopicPartition("orders", 1), new OffsetAndMetadata(90)))
                    .all().get();
        }
        csv = Files.createTempFile("reset", ".csv");
        Files.writeString(csv, "orders,0,5\norders,1,55\norders,2,9999\n");
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
        Files.deleteIfExists(csv);
    }

    static List<List<String>> modes() {
        // the format Kafka's tool documents: yyyy-MM-ddTHH:mm:SS.sss with an optional zone
        var iso = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(java.time.ZoneOffset.UTC);
        String halfHourIn = iso.format(FIRST.plus(30, ChronoUnit.MINUTES).plusSeconds(30));
        String future = iso.format(Instant.now().plus(1, ChronoUnit.DAYS));
        return List.of(
                List.of("--topic", "orders", "--to-earliest"),
                List.of("--topic", "orders", "--to-latest"),
                List.of("--topic", "orders", "--to-current"),
                List.of("--topic", "orders", "--to-offset", "5"),
                List.of("--topic", "orders", "--to-offset", "1000"),
                List.of("--topic", "orders", "--to-offset", "42"),
                List.of("--topic", "orders", "--shift-by", "-40"),
                List.of("--topic", "orders", "--shift-by", "1000"),
                List.of("--topic", "orders", "--to-datetime", halfHourIn),
                List.of("--topic", "orders", "--to-datetime", future),
                List.of("--topic", "orders", "--by-duration", "PT9H15M"),
                List.of("--topic", "orders:0,2", "--to-earliest"),
                List.of("--topic", "orders:1", "--topic", "audit", "--to-latest"),
                List.of("--all-topics", "--shift-by", "-5"),
                List.of("--from-file", csv.toString()));
    }

    @org.junit.jupiter.api.Test
    void manyGroupsAtOnceAndAFourColumnFileMatchKafkasTool() throws Exception {
        Path four = Files.createTempFile("reset4", ".csv");
        Files.writeString(four, "billing,orders,0,30\nshipping,orders,1,95\nshipping,orders,2,1\n");
        try {
            for (List<String> mode : List.of(List.of("--topic", "orders", "--to-earliest"), List.of("--all-topics", "--shift-by", "3"),
                    List.of("--from-file", four.toString()))) {
                List<String> kafkaArgs = new ArrayList<>(List.of("--bootstrap-server", kafka.bootstrapServers(), "--group", "billing",
                        "--group", "shipping", "--reset-offsets", "--dry-run"));
                kafkaArgs.addAll(mode);
                var expected = KafkaGroupTool.resetDryRun(kafkaArgs.toArray(String[]::new));
                List<String> args = new ArrayList<>(List.of("groups", "reset-offsets", "-b", kafka.bootstrapServers(),
                        "--group", "billing", "--group", "shipping", "-o", "json"));
                args.addAll(mode);
                Cli cli = Cli.run(args.toArray(String[]::new));
                assertThat(cli.exitCode()).as(cli.err()).isZero();
                Map<String, Map<TopicPartition, Long>> actual = new java.util.TreeMap<>();
                JSON.readTree(cli.out()).get("groups").forEach(g -> g.get("partitions").forEach(p ->
                        actual.computeIfAbsent(g.get("group").asText(), k -> new HashMap<>())
                                .put(new TopicPartition(p.get("topic").asText(), p.get("partition").asInt()), p.get("target").asLong())));
                assertThat(actual).as("warden vs kafka-consumer-groups for %s", mode).isEqualTo(expected);
            }
        } finally {
            Files.deleteIfExists(four);
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void plansTheOffsetsKafkasOwnToolComputes(List<String> mode) throws Exception {
        List<String> kafkaArgs = new ArrayList<>(List.of("--bootstrap-server", kafka.bootstrapServers(), "--group", "billing",
                "--reset-offsets", "--dry-run"));
        kafkaArgs.addAll(mode);
        Map<TopicPartition, Long> expected = KafkaGroupTool.resetDryRun(kafkaArgs.toArray(String[]::new)).get("billing");

        List<String> args = new ArrayList<>(List.of("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "--group",
                "billing", "-o", "json"));
        args.addAll(mode);
        Cli cli = Cli.run(args.toArray(String[]::new));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode plan = JSON.readTree(cli.out());
        assertThat(plan.get("executed").asBoolean()).isFalse();
        Map<TopicPartition, Long> actual = new HashMap<>();
        plan.get("groups").get(0).get("partitions").forEach(p ->
                actual.put(new TopicPartition(p.get("topic").asText(), p.get("partition").asInt()), p.get("target").asLong()));
        assertThat(actual).as("warden vs kafka-consumer-groups for %s", mode).isEqualTo(expected);
        assertThat(actual).as("a dry run that moves nothing is no test").isNotEmpty();
    }
}
