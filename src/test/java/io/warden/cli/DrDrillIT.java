package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.dr.DrillService;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.MirrorMakerKit;
import io.warden.embedded.ReadyTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
 * Given a primary replicated to DR by a real MirrorMaker 2, when the operator runs a DR drill, then
 * every marker is seen on DR with consistent latencies, counts agree, the group's checkpoints are
 * found, the report files are written, and the drill topic and its replica are gone afterwards;
 * with MirrorMaker stopped the markers are reported lost and the drill fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrDrillIT {

    private static final String TOPIC = "orders";
    private static final String GROUP = "billing";
    private static final ObjectMapper JSON = new ObjectMapper();

    static EmbeddedKafka primary;
    static EmbeddedKafka dr;
    static MirrorMakerKit mirror;
    static Admin primaryAdmin;
    static Admin drAdmin;
    static Path config;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        primary = EmbeddedKafka.single();
        dr = EmbeddedKafka.single();
        primaryAdmin = Admin.create(Map.of("bootstrap.servers", primary.bootstrapServers()));
        drAdmin = Admin.create(Map.of("bootstrap.servers", dr.bootstrapServers()));
        ReadyTopics.create(primaryAdmin, List.of(new NewTopic(TOPIC, 2, (short) 1)));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", primary.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "k" + i, "v" + i));
            }
        }
        primaryAdmin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(5),
                new TopicPartition(TOPIC, 1), new OffsetAndMetadata(6))).all().get();
        mirror = new MirrorMakerKit(primary, dr, TOPIC + "|" + DrillService.TOPIC_PREFIX + ".*", GROUP);
        mirror.start();
        config = Files.writeString(dir.resolve("warden.yaml"), String.join("\n",
                "cluster:",
                "  bootstrap-servers: " + primary.bootstrapServers(),
                "  dr:",
                "    target: {bootstrap-servers: \"" + dr.bootstrapServers() + "\"}",
                "    topics: \"" + TOPIC + ", " + DrillService.TOPIC_PREFIX + ".*\"",
                "    groups: \"" + GROUP + ".*\"",
                "    tiers: [{name: critical, topics: " + TOPIC + "}]",
                "audit: {file: " + dir.resolve("audit.jsonl") + "}", ""));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {primaryAdmin, drAdmin, mirror, dr, primary}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private static List<String> drill(String... extra) {
        List<String> args = new ArrayList<>(List.of("dr", "drill", "--config", config.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private static Set<String> topics(Admin admin) throws Exception {
        return admin.listTopics().names().get();
    }

    private static JsonNode report(Path reportDir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(reportDir)) {
            Path json = files.filter(p -> p.getFileName().toString().matches("dr-drill-primary-dr-\\d{8}T\\d{6}Z\\." + suffix))
                    .findFirst().orElseThrow();
            return suffix.equals("json") ? JSON.readTree(Files.readString(json)) : JSON.getNodeFactory().textNode(Files.readString(json));
        }
    }

    /** Durations in the JSON report are seconds with a fraction, as Jackson writes them. */
    private static Duration duration(JsonNode seconds) {
        return Duration.ofNanos(seconds.decimalValue().movePointRight(9).longValueExact());
    }

    @Test
    @Order(1)
    void withoutExecuteOnlyThePlanIsShownAndATopicOutsideTheFilterIsRefused() throws Exception {
        Cli plan = Cli.run(drill().toArray(String[]::new));
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("nothing done", "create topic " + DrillService.TOPIC_PREFIX);

        Cli refused = Cli.run("dr", "drill", "--source-bootstrap-server", primary.bootstrapServers(), "--target-bootstrap-server",
                dr.bootstrapServers(), "--mirror-topics", TOPIC, "--execute", "--report-dir", dir.resolve("refused").toString());
        assertThat(refused.exitCode()).isEqualTo(64);
        assertThat(refused.err().strip()).doesNotContain("\n").contains(DrillService.TOPIC_PREFIX + ".*", "--topics");
        Cli missing = Cli.run(drill("--mirror-topics", ".*", "--topics", "no-such-topic", "--execute", "--report-dir", dir.resolve("refused").toString())
                .toArray(String[]::new));
        assertThat(missing.exitCode()).isEqualTo(64);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("'no-such-topic' does not exist on primary");
        assertThat(dir.resolve("audit.jsonl")).satisfiesAnyOf(f -> assertThat(f).doesNotExist(),
                f -> assertThat(Files.readString(f)).doesNotContain("dr.drill"));
        assertThat(topics(primaryAdmin)).noneMatch(t -> t.startsWith(DrillService.TOPIC_PREFIX));
        assertThat(dir.resolve("refused")).doesNotExist();
    }

    @Test
    @Order(2)
    void aDrillSeesEveryMarkerOnDrAndRemovesItsTopicAndReplica() throws Exception {
        mirror.awaitCheckpoint(GROUP, Duration.ofSeconds(60));
        Path reportDir = dir.resolve("drill");
        Instant before = Instant.now();
        Cli run = Cli.run(drill("--markers", "6", "--partitions", "2", "--wait", "60s", "--group", GROUP, "--report-dir",
                reportDir.toString(), "--execute").toArray(String[]::new));
        Duration wall = Duration.between(before, Instant.now());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Measured RPO", "Drill: PASS");

        JsonNode r = report(reportDir, "json");
        assertThat(r.get("status").asText()).isEqualTo("PASS");
        assertThat(r.get("markersProduced").asInt()).isEqualTo(6);
        assertThat(r.get("markersSeen").asInt()).isEqualTo(6);
        assertThat(r.get("markersLost").asInt()).isZero();
        assertThat(r.get("source").get("alias").asText()).isEqualTo("primary");
        assertThat(r.get("target").get("alias").asText()).isEqualTo("dr");
        String topic = r.get("topics").get(0).asText();
        assertThat(topic).matches(DrillService.TOPIC_PREFIX + "\\d{8}-\\d{6}");
        Duration rpo = duration(r.get("rpo"));
        Duration p50 = duration(r.get("p50"));
        assertThat(p50).isLessThanOrEqualTo(rpo);
        assertThat(rpo).isLessThanOrEqualTo(Duration.ofSeconds(60)).isLessThanOrEqualTo(wall);
        Duration max = Duration.ZERO;
        Set<String> ids = new java.util.HashSet<>();
        for (JsonNode m : r.get("markers")) {
            Duration latency = duration(m.get("latency"));
            assertThat(latency).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(wall);
            assertThat(Instant.parse(m.get("seenAt").asText())).isAfterOrEqualTo(Instant.parse(m.get("producedAt").asText()));
            assertThat(m.get("replica").asText()).isEqualTo(MirrorMakerKit.remoteTopic(topic));
            max = latency.compareTo(max) > 0 ? latency : max;
            ids.add(m.get("id").asText());
        }
        assertThat(ids).hasSize(6);
        assertThat(max).isEqualTo(rpo);
        long source = 0;
        long replica = 0;
        for (JsonNode c : r.get("counts")) {
            assertThat(c.get("match").asBoolean()).as(c.toString()).isTrue();
            source += c.get("sourceRecords").asLong();
            replica += c.get("replicaRecords").asLong();
        }
        assertThat(source).isEqualTo(6);
        assertThat(replica).isEqualTo(6);
        JsonNode group = r.get("groups").get(0);
        assertThat(group.get("group").asText()).isEqualTo(GROUP);
        assertThat(group.get("partitions").asInt()).isEqualTo(2);
        assertThat(group.get("checkpointed").asInt()).isEqualTo(2);
        assertThat(group.get("ok").asBoolean()).isTrue();
        assertThat(r.get("tiers").findValuesAsText("tier")).containsExactly("critical", "standard");
        assertThat(r.get("tiers").findValues("pass")).allMatch(JsonNode::asBoolean);
        assertThat(r.get("cleanup").toString()).contains("deleted the drill topic", "deleted its replica");
        assertThat(report(reportDir, "md").asText()).contains("Measured RPO: " + DrillService.human(rpo), "| critical | 1 min | 15 min |",
                "alias `primary`", GROUP);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(topics(primaryAdmin)).doesNotContain(topic);
            assertThat(topics(drAdmin)).doesNotContain(MirrorMakerKit.remoteTopic(topic));
        });
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("dr.drill", r.get("drillId").asText());
    }

    @Test
    @Order(3)
    void markersInNamedTopicsCarryTheDrillHeaderAndBracketTheSameRecordsOnBothSides() throws Exception {
        Path reportDir = dir.resolve("named");
        Cli run = Cli.run(drill("--topics", TOPIC, "--markers", "4", "--wait", "60s", "--report-dir", reportDir.toString(),
                "--group", "shipping", "--group", "billing-typo", "--execute").toArray(String[]::new));
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        JsonNode r = report(reportDir, "json");
        assertThat(r.get("status").asText()).isEqualTo("WARN");
        assertThat(r.get("groups").get(0).get("problem").asText()).contains("group filter does not select it");
        assertThat(r.get("groups").get(1).get("problem").asText()).contains("no committed offsets", "check the name");
        assertThat(r.get("markersSeen").asInt()).isEqualTo(4);
        assertThat(r.get("drillTopic").asBoolean()).isFalse();
        for (JsonNode c : r.get("counts")) {
            assertThat(c.get("sourceRecords").asLong()).isEqualTo(2);
            assertThat(c.get("replicaRecords").asLong()).isEqualTo(2);
        }
        String id = r.get("drillId").asText();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", dr.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = List.of(new TopicPartition(MirrorMakerKit.remoteTopic(TOPIC), 0),
                    new TopicPartition(MirrorMakerKit.remoteTopic(TOPIC), 1));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            List<String> headers = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(rec -> {
                    var h = rec.headers().lastHeader(DrillService.HEADER);
                    if (h != null) {
                        headers.add(new String(h.value(), StandardCharsets.UTF_8));
                    }
                });
                return headers.size() >= 4;
            });
            assertThat(headers).containsOnly(id);
        }
    }

    @Test
    @Order(4)
    void withMirrorMakerStoppedTheMarkersAreLostAndADrillTopicSomeoneElseWroteToStays() throws Exception {
        mirror.stop();
        Path reportDir = dir.resolve("stopped");
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run(drill("--markers", "3", "--partitions", "1",
                "--wait", "5s", "--report-dir", reportDir.toString(), "--execute", "-o", "json").toArray(String[]::new)));
        // while the drill waits, a stranger writes to its topic: the drill must not delete that record
        String created = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> topics(primaryAdmin).stream().filter(t -> t.startsWith(DrillService.TOPIC_PREFIX)).findFirst(),
                        java.util.Optional::isPresent).orElseThrow();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", primary.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(created, 0, "stranger", "not a marker")).get();
        }
        Cli run = running.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        JsonNode r = report(reportDir, "json");
        assertThat(JSON.readTree(run.out()).get("drillId").asText()).isEqualTo(r.get("drillId").asText());
        assertThat(r.get("status").asText()).isEqualTo("FAIL");
        assertThat(r.get("markersProduced").asInt()).isEqualTo(3);
        assertThat(r.get("markersLost").asInt()).isEqualTo(3);
        assertThat(r.get("rpo").isNull()).isTrue();
        assertThat(r.get("tiers").findValues("pass")).noneMatch(JsonNode::asBoolean);
        for (JsonNode m : r.get("markers")) {
            assertThat(m.get("seenAt").isNull()).isTrue();
        }
        assertThat(report(reportDir, "md").asText()).contains("Measured RPO: unknown", "LOST");
        assertThat(r.get("topics").get(0).asText()).isEqualTo(created);
        assertThat(r.get("cleanup").toString()).contains("left the drill topic " + created, "not the drill's markers");
        assertThat(r.get("notes").toString()).contains("holds 4 records on primary and its replica 0 on dr, not exactly the 3 markers");
        assertThat(topics(primaryAdmin)).contains(created);
        assertThat(topics(drAdmin)).doesNotContain(MirrorMakerKit.remoteTopic(created));
        primaryAdmin.deleteTopics(List.of(created)).all().get();
    }
}
