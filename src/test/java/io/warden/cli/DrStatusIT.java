package io.warden.cli;

import io.warden.daemon.WatchRunner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.config.ConfigLoader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.MirrorMakerKit;
import io.warden.embedded.ReadyTopics;
import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden dr status} and the daemon's DR findings against a real MirrorMaker 2 between two
 * clusters: {@code orders} (critical tier) and {@code payments} are replicated, the replica of
 * {@code payments} was made with 3 partitions before MirrorMaker saw the source's 1, and
 * {@code audit-log} is in Warden's filter but not in MirrorMaker's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrStatusIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The records produced after MirrorMaker stops carry this age, so lag seconds and the RPO breach are exact. */
    private static final Duration BACKDATED = Duration.ofMinutes(3);

    private static EmbeddedKafka primary;
    private static EmbeddedKafka dr;
    private static MirrorMakerKit mirror;
    @TempDir
    static Path dir;

    @BeforeAll
    static void twoClustersAndMirrorMaker() throws Exception {
        primary = EmbeddedKafka.single();
        dr = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", primary.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 2, (short) 1), new NewTopic("payments", 1, (short) 1),
                    new NewTopic("audit-log", 1, (short) 1)));
            produce("orders", 2, 200, null);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", dr.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic(MirrorMakerKit.remoteTopic("payments"), 3, (short) 1)));
        }
        produce("payments", 1, 10, null);
        produce("audit-log", 1, 5, null);
        mirror = new MirrorMakerKit(primary, dr, "orders|payments", "billing");
        mirror.start();
        mirror.awaitReplicated("orders", 200, WAIT);
        mirror.awaitReplicated("payments", 10, WAIT);
        // a group that has read every record of each partition: MirrorMaker's checkpoint task starts when it first
        // sees the group and then keeps only the newest offset-sync of what was already written, so it checkpoints no
        // partition whose offset lies before that sync (an older position would get a checkpoint only by chance)
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", primary.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets("billing", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(100),
                    new TopicPartition("orders", 1), new OffsetAndMetadata(100))).all().get();
        }
    }

    @AfterAll
    static void stopAll() {
        MirrorMakerKit.closeAll(mirror, dr, primary);
    }

    private static Cli status() {
        return Cli.run("dr", "status", "--source-bootstrap-server", primary.bootstrapServers(), "--target-bootstrap-server",
                dr.bootstrapServers(), "--mirror-groups", "billing", "--timeout", "5s", "-o", "json");
    }

    private static JsonNode json(Cli cli) throws Exception {
        return JSON.readTree(cli.out());
    }

    private static JsonNode topic(JsonNode status, String name) {
        for (JsonNode t : status.path("status").path("topics")) {
            if (t.path("topic").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no topic " + name + " in " + status);
    }

    @Test
    @Order(1)
    void caughtUpReplicationShowsBothEndsZeroLagTheMissingReplicaAndThePartitionMismatch() throws Exception {
        Cli cli = await("lag 0 on every replicated topic").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(DrStatusIT::status, c -> {
                    try {
                        JsonNode j = json(c);
                        return topic(j, "orders").path("lagRecords").asLong() == 0 && topic(j, "payments").path("lagRecords").asLong() == 0
                                && j.path("status").path("checkpoints").size() == 1
                                && j.path("status").path("checkpoints").get(0).path("behind").asInt() == 0;
                    } catch (Exception e) {
                        return false;
                    }
                });
        JsonNode j = json(cli);
        Map<TopicPartition, Long> sourceEnds = ends(primary, List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1)));
        Map<TopicPartition, Long> replicaEnds = ends(dr, List.of(new TopicPartition("primary.orders", 0),
                new TopicPartition("primary.orders", 1)));
        JsonNode orders = topic(j, "orders");
        assertThat(orders.path("replica").asText()).isEqualTo("primary.orders");
        for (JsonNode p : orders.path("partitions")) {
            int n = p.path("partition").asInt();
            assertThat(p.path("sourceEnd").asLong()).isEqualTo(sourceEnds.get(new TopicPartition("orders", n))).isEqualTo(100);
            assertThat(p.path("replicaEnd").asLong()).isEqualTo(replicaEnds.get(new TopicPartition("primary.orders", n)));
            assertThat(p.path("lagRecords").asLong()).isZero();
            assertThat(p.path("lagSeconds").asDouble()).isZero();
        }
        assertThat(orders.path("lagSeconds").asDouble()).isZero();
        assertThat(j.path("missing")).extracting(JsonNode::asText).containsExactly("audit-log");
        JsonNode auditLog = topic(j, "audit-log");
        assertThat(auditLog.path("replicaExists").asBoolean()).isFalse();
        assertThat(auditLog.path("lagRecords").asLong()).isEqualTo(5);
        assertThat(j.path("mismatched")).extracting(JsonNode::asText).containsExactly("payments");
        assertThat(topic(j, "payments").path("replicaPartitions").asInt()).isEqualTo(3);
        JsonNode checkpoint = j.path("status").path("checkpoints").get(0);
        assertThat(checkpoint.path("group").asText()).isEqualTo("billing");
        assertThat(checkpoint.path("ageSeconds").asDouble()).isBetween(0.0, 30.0);
        assertThat(checkpoint.path("stale").asBoolean()).isFalse();
        assertThat(j.path("status").path("heartbeat").path("stale").asBoolean()).isFalse();
        assertThat(j.path("status").path("heartbeat").path("ageSeconds").asDouble()).isLessThan(30);
        // MirrorMaker's internal topics are not data to replicate
        assertThat(names(j)).containsExactlyInAnyOrder("audit-log", "orders", "payments");
        assertThat(cli.exitCode()).as(cli.out()).isEqualTo(1); // missing and mismatched replica: a warning, RPO within

        Cli table = Cli.run("dr", "status", "--source-bootstrap-server", primary.bootstrapServers(),
                "--target-bootstrap-server", dr.bootstrapServers(), "--timeout", "5s");
        assertThat(table.out()).contains("REPLICATION primary -> dr", "missing replica: audit-log", "mismatched replica: "
                + "primary.payments has 3 partitions (source 1)", "upstream + (replica end - downstream)", "RPO standard: within");
    }

    @Test
    @Order(2)
    void whenMirrorMakerStopsTheDaemonReportsTheStallAndTheCriticalTiersBreachWithinTwoCycles() throws Exception {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                cluster:
                  name: primary
                  bootstrap-servers: "%s"
                  dr:
                    target: {name: dr, bootstrap-servers: "%s"}
                    tiers: [{name: critical, topics: orders}]
                watch: {interval: 1s, timeout: 5s, window: 10s}
                alerts: {silences-file: %s}
                audit: {file: %s}
                http: {port: -1}
                """.formatted(primary.bootstrapServers(), dr.bootstrapServers(), dir.resolve("silences.json"),
                dir.resolve("audit.jsonl")));
        StringWriter printed = new StringWriter();
        try (var runner = new WatchRunner(new ConfigLoader(Map.<String, String>of()::get).load(yaml),
                new PrintWriter(printed, true), Clock.systemUTC())) {
            CycleResult healthy = runner.runOnce().get("primary");
            assertThat(checks(healthy)).doesNotContain("dr-replication-stalled", "dr-rpo-breached", "dr-unreadable")
                    .contains("dr-replica-missing", "dr-replica-mismatch");
            assertThat(healthy.history().latest().replication().topics()).hasSize(3);

            mirror.stop();
            produce("orders", 2, 30, Instant.now().minus(BACKDATED));
            List<List<Finding>> cycles = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                cycles.add(runner.runOnce().get("primary").findings());
            }

            List<String> within = cycles.stream().flatMap(List::stream).map(Finding::key).toList();
            assertThat(within).as("findings of the two cycles after MirrorMaker stopped")
                    .contains("dr-replication-stalled/target=dr", "dr-rpo-breached/tier=critical");
            assertThat(within).doesNotContain("dr-rpo-breached/tier=standard");
            Finding breach = cycles.get(1).stream().filter(f -> f.check().equals("dr-rpo-breached")).findFirst().orElseThrow();
            assertThat(breach.value()).isBetween(BACKDATED.toSeconds() - 5.0, BACKDATED.toSeconds() + 60.0);
            // audit-log's 5 records have no replica, so they count too; the alerts fire in the same cycles
            assertThat(printed.toString()).contains(", dr lag 5 msgs, RPO critical within 0s/60s", ", dr lag 35 msgs, RPO critical BREACHED",
                    "FIRED     CRITICAL replication primary -> dr has stalled", "FIRED     CRITICAL tier critical: RPO estimate");
            String metrics = runner.metrics().scrape();
            assertThat(metrics).contains("warden_dr_rpo_target_seconds{cluster=\"primary\",target=\"dr\",tier=\"critical\"} 60.0")
                    .contains("warden_dr_replication_lag_records{cluster=\"primary\",target=\"dr\",topic=\"orders\"} 30.0")
                    .contains("warden_dr_heartbeat_age_seconds{cluster=\"primary\",target=\"dr\"}");
        }
    }

    @Test
    @Order(3)
    void afterMirrorMakerStopsLagIsTheRecordsProducedSinceAndLagSecondsTheAgeOfTheFirstOfThemAndARetentionChangeShows() throws Exception {
        assertThat(mirror.isRunning()).isFalse();
        // with MirrorMaker stopped nothing syncs the replica's configs back: its retention now differs
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", dr.bootstrapServers()))) {
            var replica = new ConfigResource(ConfigResource.Type.TOPIC, "primary.orders");
            admin.incrementalAlterConfigs(Map.of(replica, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "86400000"),
                    AlterConfigOp.OpType.SET)))).all().get();
        }
        Cli cli = status();
        JsonNode orders = topic(json(cli), "orders");
        assertThat(json(cli).path("mismatched")).extracting(JsonNode::asText).containsExactlyInAnyOrder("orders", "payments");
        assertThat(orders.path("differences").get(0).path("name").asText()).isEqualTo("retention.ms");
        assertThat(orders.path("differences").get(0).path("source").asText()).isEqualTo("604800000");
        assertThat(orders.path("differences").get(0).path("replica").asText()).isEqualTo("86400000");

        Map<TopicPartition, Long> replicaEnds = ends(dr, List.of(new TopicPartition("primary.orders", 0),
                new TopicPartition("primary.orders", 1)));
        assertThat(orders.path("lagRecords").asLong()).isEqualTo(30);
        for (JsonNode p : orders.path("partitions")) {
            int n = p.path("partition").asInt();
            assertThat(p.path("sourceEnd").asLong()).isEqualTo(115);
            assertThat(p.path("replicaEnd").asLong()).isEqualTo(replicaEnds.get(new TopicPartition("primary.orders", n)))
                    .isEqualTo(100);
            assertThat(p.path("reached").asLong()).isEqualTo(100);
            assertThat(p.path("lagRecords").asLong()).isEqualTo(15);
        }
        double age = Duration.between(firstBackdated, Instant.now()).toMillis() / 1000.0;
        assertThat(orders.path("lagSeconds").asDouble()).isBetween(age - 5, age + 1);
        JsonNode critical = null;
        for (JsonNode t : json(cli).path("status").path("tiers")) {
            critical = t.path("tier").asText().equals("standard") ? t : critical;
        }
        // the group did not move since MirrorMaker stopped: its checkpoint ages but is not stale
        JsonNode checkpoint = json(cli).path("status").path("checkpoints").get(0);
        assertThat(checkpoint.path("behind").asInt()).isZero();
        assertThat(checkpoint.path("stale").asBoolean()).isFalse();
        // from the command line no tier is configured: every topic is standard (RPO 1 h), so 3 minutes are within
        assertThat(critical.path("state").asText()).isEqualTo("within");
        assertThat(cli.exitCode()).as(cli.out()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void mirrorMakersConnectorsOnConnectAreShownAndAFailedTaskIsReplicationStopped() throws Exception {
        // what a Connect worker running MirrorMaker's connectors answers to GET /connectors?expand=status&expand=info
        String body = """
                {"mm2-source": {"status": {"name": "mm2-source", "connector": {"state": "RUNNING", "worker_id": "w1:8083"},
                   "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "w1:8083"},
                             {"id": 1, "state": "FAILED", "worker_id": "w1:8083", "trace": "org.apache.kafka.common.errors.TimeoutException: x"}],
                   "type": "source"},
                  "info": {"name": "mm2-source", "config": {"connector.class": "org.apache.kafka.connect.mirror.MirrorSourceConnector"}, "type": "source"}},
                 "mm2-heartbeat": {"status": {"name": "mm2-heartbeat", "connector": {"state": "RUNNING", "worker_id": "w1:8083"},
                   "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "w1:8083"}], "type": "source"},
                  "info": {"name": "mm2-heartbeat", "config": {"connector.class": "MirrorHeartbeatConnector"}, "type": "source"}},
                 "files": {"status": {"name": "files", "connector": {"state": "FAILED", "worker_id": "w1:8083"}, "tasks": [], "type": "sink"},
                  "info": {"name": "files", "config": {"connector.class": "FileStreamSinkConnector"}, "type": "sink"}}}
                """;
        var worker = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        worker.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        worker.start();
        try {
            Cli cli = Cli.run("dr", "status", "--source-bootstrap-server", primary.bootstrapServers(), "--target-bootstrap-server",
                    dr.bootstrapServers(), "--target-connect-url", "http://127.0.0.1:" + worker.getAddress().getPort(),
                    "--timeout", "5s", "-o", "json");
            JsonNode connectors = json(cli).path("status").path("connectors");

            assertThat(connectors).extracting(c -> c.path("name").asText()).containsExactlyInAnyOrder("mm2-source", "mm2-heartbeat");
            for (JsonNode c : connectors) {
                if (c.path("name").asText().equals("mm2-source")) {
                    assertThat(c.path("connectorClass").asText()).isEqualTo("MirrorSourceConnector");
                    assertThat(c.path("tasks")).extracting(JsonNode::asText).containsExactly("RUNNING", "FAILED");
                }
            }
            assertThat(json(cli).path("stopped").asBoolean()).isTrue();
            assertThat(cli.exitCode()).isEqualTo(2);
        } finally {
            worker.stop(0);
        }
    }

    @Test
    @Order(5)
    void aDrClusterThatDoesNotAnswerIsUnknownExit3WithTheReasonInOneLine() {
        Cli cli = Cli.run("dr", "status", "--source-bootstrap-server", primary.bootstrapServers(), "--target-bootstrap-server",
                "127.0.0.1:1", "--timeout", "2s");

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(3);
        assertThat(cli.out()).contains("REPLICATION primary -> dr", ": UNKNOWN", "cannot read: DR cluster dr (127.0.0.1:1) cannot be read")
                .doesNotContain("\tat ");
        assertThat(cli.err()).doesNotContain("Exception");
    }

    private static Instant firstBackdated;

    private static List<String> names(JsonNode j) {
        List<String> out = new ArrayList<>();
        j.path("status").path("topics").forEach(t -> out.add(t.path("topic").asText()));
        return out;
    }

    private static List<String> checks(CycleResult r) {
        return r.findings().stream().map(Finding::check).collect(Collectors.toList());
    }

    private static Map<TopicPartition, Long> ends(EmbeddedKafka cluster, List<TopicPartition> parts) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            parts.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, o) -> out.put(tp, o.offset()));
            return out;
        }
    }

    /** {@code count} records spread evenly over the partitions; with {@code at}, each carries that timestamp. */
    private static void produce(String topic, int partitions, int count, Instant at) {
        if (at != null && firstBackdated == null) {
            firstBackdated = at;
        }
        Map<String, Object> props = Map.of("bootstrap.servers", primary.bootstrapServers(), "linger.ms", 5);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, at == null ? null : at.toEpochMilli(), "k" + i, "v" + i));
            }
            producer.flush();
        }
    }
}
