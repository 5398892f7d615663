package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.KafkaConnection;
import io.warden.runbook.cleanup.CleanupReport;
import io.warden.runbook.cleanup.CleanupService;
import io.warden.runbook.cleanup.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a cluster with the topics Kafka Connect, Schema Registry, Kafka Streams and MirrorMaker 2
 * keep their state in, a compacted topic, and Warden's own replay and restore progress groups, all
 * quiet for ten days and read without committed offsets, when cleanup runs from cron with
 * {@code --execute --yes}, then none of them is deleted and each is listed as skipped with its
 * reason; and what changes between the report and the deletion is left alone.
 */
class CleanupSafetyIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> INFRASTRUCTURE = List.of("connect-configs", "connect-offsets", "connect-status",
            "billing-storage", "_schemas", "orders-agg-store-changelog", "orders-app-KSTREAM-KEY-SELECT-0000000002-repartition",
            "mm2-configs.primary.internal", "mm2-offset-syncs.dr.internal", "primary.checkpoints.internal", "heartbeats",
            "primary.heartbeats", "primary.orders", "customers");
    static final List<String> PROGRESS_GROUPS = List.of("warden-replay-orders.DLT", "warden-restore-0011223344556677",
            "my-replay-progress");

    static EmbeddedKafka kafka;
    static Admin admin;
    static KafkaProducer<String, String> producer;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                new StringSerializer());
        List<NewTopic> topics = new ArrayList<>();
        INFRASTRUCTURE.forEach(t -> topics.add(new NewTopic(t, 1, (short) 1)
                .configs(t.equals("customers") ? Map.of("cleanup.policy", "compact") : Map.of())));
        topics.add(new NewTopic("orders.DLT", 1, (short) 1).configs(Map.of("retention.ms", "-1")));
        topics.add(new NewTopic("restored", 1, (short) 1).configs(Map.of("retention.ms", "-1")));
        ReadyTopics.create(admin, topics);
        writeOld("orders.DLT");
        writeOld("restored");
        commit("warden-replay-orders.DLT", "orders.DLT", new OffsetAndMetadata(1, "replayedUpTo=1;replayId=r1"));
        commit("my-replay-progress", "orders.DLT", new OffsetAndMetadata(1, "replayedUpTo=1;replayId=r2"));
        commit("warden-restore-0011223344556677", "restored", new OffsetAndMetadata(1));
    }

    @AfterAll
    static void stop() {
        producer.close();
        admin.close();
        kafka.close();
    }

    static void writeOld(String topic) throws Exception {
        long tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).toEpochMilli();
        producer.send(new ProducerRecord<>(topic, 0, tenDaysAgo, "k", "v")).get();
    }

    static void commit(String group, String topic, OffsetAndMetadata offset) throws Exception {
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), offset)).all().get();
    }

    static Set<String> topics() throws Exception {
        return admin.listTopics().names().get();
    }

    static Set<String> groups() throws Exception {
        Set<String> out = new java.util.TreeSet<>();
        admin.listGroups().all().get().forEach(g -> out.add(g.groupId()));
        return out;
    }

    private Cli warden(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-b", kafka.bootstrapServers(), "--config-file", dir.resolve("w.yaml").toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private Path worker() throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
        return Files.writeString(dir.resolve("billing-worker.properties"), "group.id=billing\nconfig.storage.topic=billing-storage\n");
    }

    @Test
    void infrastructureTopicsAndWardenProgressGroupsSurviveACronCleanupAndAreListedAsSkipped() throws Exception {
        Path worker = worker();
        commit("\u001b[2Jold-readers", "restored", new OffsetAndMetadata(1)); // a name no terminal should receive raw

        Cli report = warden("cleanup", "report", "--idle-days", "7", "--connect-worker-config", worker.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).doesNotContain("\u001b").containsPattern("INACTIVE_GROUP\\s+\\\\u001b\\[2Jold-readers")
                .contains("Skipped, though unused")
                .containsPattern("EMPTY_TOPIC\\s+billing-storage\\s+Kafka Connect's storage topic \\(config.storage.topic in ")
                .containsPattern("EMPTY_TOPIC\\s+customers\\s+compacted \\(cleanup.policy=compact\\)")
                .containsPattern("INACTIVE_GROUP\\s+warden-replay-orders.DLT\\s+a DLQ replay's progress");

        Cli cron = warden("cleanup", "report", "--idle-days", "7", "--connect-worker-config", worker.toString(),
                "--execute", "--yes", "-o", "json");
        assertThat(cron.exitCode()).as(cron.err()).isZero();
        JsonNode json = JSON.readTree(cron.out());
        List<String> candidates = new ArrayList<>();
        json.get("candidates").forEach(c -> candidates.add(c.get("name").asText()));
        List<String> skipped = new ArrayList<>();
        json.get("skipped").forEach(s -> {
            skipped.add(s.get("name").asText());
            assertThat(s.get("reason").asText()).isNotBlank();
        });
        assertThat(candidates).doesNotContainAnyElementsOf(INFRASTRUCTURE).doesNotContainAnyElementsOf(PROGRESS_GROUPS);
        assertThat(skipped).containsAll(INFRASTRUCTURE).containsAll(PROGRESS_GROUPS);
        assertThat(topics()).containsAll(INFRASTRUCTURE);
        assertThat(groups()).containsAll(PROGRESS_GROUPS);
    }

    @Test
    void includeMakesExactlyTheNamedOneACandidate() throws Exception {
        Path worker = worker();
        ReadyTopics.create(admin, List.of(new NewTopic("old-app-store-changelog", 1, (short) 1)));

        Cli run = warden("cleanup", "report", "--idle-days", "7", "--connect-worker-config", worker.toString(),
                "--include", "old-app-.*-changelog", "--execute", "--yes");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("EMPTY_TOPIC\\s+old-app-store-changelog").contains("deleted topic old-app-store-changelog");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(topics()).doesNotContain("old-app-store-changelog"));
        assertThat(topics()).containsAll(INFRASTRUCTURE);
        assertThat(groups()).containsAll(PROGRESS_GROUPS);
    }

    @Test
    void whatIsWrittenReadOrCommittedBetweenTheReportAndTheDeletionIsSkippedAndSaysWhy() throws Exception {
        ReadyTopics.create(admin, List.of(new NewTopic("race-written", 1, (short) 1), new NewTopic("race-quiet", 1, (short) 1),
                new NewTopic("race-read", 1, (short) 1),
                new NewTopic("race-old", 1, (short) 1).configs(Map.of("retention.ms", "-1"))));
        writeOld("race-old");
        commit("race-old-readers", "race-old", new OffsetAndMetadata(0));
        try (var connection = KafkaConnection.open(ConnectionSettings.of(kafka.bootstrapServers(), null, Duration.ofSeconds(10)))) {
            CleanupService service = new CleanupService(connection, Clock.systemUTC());
            CleanupReport report = only(service.report(CleanupService.Options.idle(Duration.ofDays(7))),
                    "race-written", "race-quiet", "race-read", "race-old-readers");

            producer.send(new ProducerRecord<>("race-written", "k", "a record after the report")).get();
            commit("late-reader", "race-read", new OffsetAndMetadata(0));
            commit("race-old-readers", "race-old", new OffsetAndMetadata(1));

            List<Outcome> outcomes = service.delete(report);

            assertThat(outcome(outcomes, "race-written")).satisfies(o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.reason()).startsWith("written to since the report");
            });
            assertThat(outcome(outcomes, "race-read").reason()).isEqualTo("group late-reader has offsets on it now");
            assertThat(outcome(outcomes, "race-old-readers").reason()).isEqualTo("committed offsets since the report");
            assertThat(outcome(outcomes, "race-quiet").status()).isEqualTo(Outcome.Status.DELETED);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(topics()).doesNotContain("race-quiet"));
        assertThat(topics()).contains("race-written", "race-read");
        assertThat(groups()).contains("race-old-readers");
    }

    @Test
    void aTopicReCreatedUnderItsNameBetweenTheReportAndTheDeletionIsNeverDeleted() throws Exception {
        ReadyTopics.create(admin, List.of(new NewTopic("recreated", 1, (short) 1)));
        try (var connection = KafkaConnection.open(ConnectionSettings.of(kafka.bootstrapServers(), null, Duration.ofSeconds(10)))) {
            CleanupService service = new CleanupService(connection, Clock.systemUTC());
            CleanupReport report = only(service.report(CleanupService.Options.idle(Duration.ofDays(7))), "recreated");

            admin.deleteTopics(List.of("recreated")).all().get();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(topics()).doesNotContain("recreated");
                admin.createTopics(List.of(new NewTopic("recreated", 1, (short) 1))).all().get();
            });
            Uuid newId = admin.describeTopics(List.of("recreated")).allTopicNames().get().get("recreated").topicId();

            Outcome o = outcome(service.delete(report), "recreated");

            assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
            assertThat(o.reason()).startsWith("deleted and re-created since the report");
            assertThat(admin.describeTopics(List.of("recreated")).allTopicNames().get().get("recreated").topicId()).isEqualTo(newId);
        }
    }

    /** The report's candidates with these names, so other tests' topics in this cluster are left alone. */
    static CleanupReport only(CleanupReport report, String... names) {
        var kept = report.candidates().stream().filter(c -> List.of(names).contains(c.name())).toList();
        assertThat(kept).extracting(c -> c.name()).containsExactlyInAnyOrder(names);
        return new CleanupReport(report.at(), report.idle(), kept, report.skipped(), report.seen());
    }

    static Outcome outcome(List<Outcome> outcomes, String name) {
        return outcomes.stream().filter(o -> o.candidate().name().equals(name)).findFirst().orElseThrow();
    }
}
