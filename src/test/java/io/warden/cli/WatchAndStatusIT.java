package io.warden.cli;

import io.warden.daemon.WatchRunner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.config.WardenConfig;
import io.warden.embedded.EmbeddedKafka;
import io.warden.audit.AuditReader;
import io.warden.embedded.ReadyTopics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The daemon's outputs against a real broker: status, one watch cycle, /metrics and /health over HTTP. */
class WatchAndStatusIT {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 2, (short) 1), new NewTopic("orders.dlq", 1, (short) 1),
                    new NewTopic("events", 6, (short) 1)));
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 150; i++) {
                    producer.send(new ProducerRecord<>("orders", i % 2, "k", "v" + i));
                    producer.send(new ProducerRecord<>("orders.dlq", "k", "failed " + i));
                    producer.send(new ProducerRecord<>("events", i % 6, "k", "e" + i));
                }
            }
            // billing is behind by p + 1 messages on partition p of events' 25 each
            Map<TopicPartition, OffsetAndMetadata> billing = new java.util.HashMap<>();
            for (int p = 0; p < 6; p++) {
                billing.put(new TopicPartition("events", p), new OffsetAndMetadata(25 - (p + 1)));
            }
            admin.alterConsumerGroupOffsets("billing", billing).all().get();
            admin.alterConsumerGroupOffsets("shipping", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(50),
                    new TopicPartition("orders", 1), new OffsetAndMetadata(75))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void statusShowsTheClusterAndTheDlqWarningInOneScreen() throws Exception {
        Cli cli = Cli.run("status", "-b", kafka.bootstrapServers());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains("Brokers     1 up, 0 down", "Controller  node", "shipping",
                "Partitions", "0 offline, 0 under-replicated");
        assertThat(cli.out()).containsPattern("WARNING .*orders\\.dlq.*150");

        var json = new ObjectMapper().readTree(Cli.run("status", "-b", kafka.bootstrapServers(), "-o", "json").out());
        assertThat(json.get("severity").asText()).isEqualTo("WARNING");
        assertThat(json.get("partitions").get("partitions").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(json.get("findings")).anySatisfy(f -> assertThat(f.get("key").asText()).isEqualTo("dlq-depth/topic=orders.dlq"));
    }

    @Test
    void statusVerifyAndLagJudgeWithTheThresholdsOfTheConfigAndReachItsCluster(@TempDir Path dir) throws Exception {
        // shipping lags 25 messages: below the default 10,000, critical for this file; its DLQ bar is above the 150 records
        Path yaml = Files.writeString(dir.resolve("w.yaml"), "cluster: {name: test, bootstrap-servers: \""
                + kafka.bootstrapServers() + "\"}\nchecks:\n  lag: {warning: 10, critical: 20}\n"
                + "  dlq: {warning: 1000, critical: 10000}\n");

        Cli status = Cli.run("status", "--config", yaml.toString(), "-o", "json");

        assertThat(status.exitCode()).as(status.err()).isEqualTo(2);
        var json = new ObjectMapper().readTree(status.out());
        assertThat(json.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(json.get("findings")).anySatisfy(f -> {
            assertThat(f.get("check").asText()).isEqualTo("consumer-lag");
            assertThat(f.get("key").asText()).contains("shipping");
        });
        assertThat(json.get("findings")).noneSatisfy(f -> assertThat(f.get("check").asText()).isEqualTo("dlq-depth"));

        Cli verify = Cli.run("verify", "--config", yaml.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(2);
        assertThat(verify.out()).containsPattern("FAIL +consumer-lag");

        Cli lag = Cli.run("lag", "--config", yaml.toString(), "--group", "shipping");
        assertThat(lag.exitCode()).as(lag.err()).isEqualTo(2);
        assertThat(Cli.run("lag", "--config", yaml.toString(), "--group", "shipping", "--critical", "100").exitCode())
                .isEqualTo(1);
    }

    @Test
    void theConnectionFlagsOverrideTheClusterOfTheConfig(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("w.yaml"), "cluster: {bootstrap-servers: \"127.0.0.1:1\"}\n"
                + "checks:\n  lag: {warning: 10, critical: 20}\n");

        Cli status = Cli.run("status", "--config", yaml.toString(), "-b", kafka.bootstrapServers());

        assertThat(status.exitCode()).as(status.err()).isEqualTo(2);
        assertThat(status.out()).contains("Brokers     1 up, 0 down");
    }

    @Test
    void watchOnceExitsWithTheWorstFindingAndAuditsIt(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Path yaml = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + audit + "}\nalerts: {silences-file: "
                + dir.resolve("s.json") + "}\n");

        Cli cli = Cli.run("watch", "-b", kafka.bootstrapServers(), "--config", yaml.toString(), "--once", "--dry-run");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains("cycle", "dlq", "dry run: would notify [log]");
        var events = AuditReader.read(audit, AuditReader.all()).events();
        assertThat(events).extracting(e -> e.type()).contains("config.loaded", "finding.raised", "alert.fired");
        assertThat(events).filteredOn(e -> e.type().equals("alert.fired"))
                .anySatisfy(e -> assertThat(e.key()).isEqualTo("dlq-depth/topic=orders.dlq"));
        assertThat(events).noneMatch(e -> e.type().startsWith("notification."));
    }

    @Test
    void metricsAndHealthAreServedWhileWatching(@TempDir Path dir) throws Exception {
        var config = WardenConfig.defaults()
                .withAudit(new WardenConfig.AuditConfig(dir.resolve("audit.jsonl").toString(), null, null))
                .withCluster(new WardenConfig.ClusterConfig("test", kafka.bootstrapServers(), null, null, null))
                .withWatch(new WardenConfig.WatchConfig(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .withHttp(new WardenConfig.HttpConfig("127.0.0.1", 0))
                .withMetrics(new WardenConfig.MetricsConfig(List.of("ship.*"), 3));
        StringWriter printed = new StringWriter();
        HttpClient http = HttpClient.newHttpClient();
        try (var runner = new WatchRunner(config,
                new PrintWriter(printed, true), Clock.systemUTC())) {
            runner.start();
            URI base = URI.create("http://127.0.0.1:" + runner.httpPort());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var health = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"");
            });
            String metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics)
                    .contains("kafka_consumergroup_lag{cluster=\"test\",group=\"shipping\",partition=\"0\",topic=\"orders\",type=\"CLASSIC\"} 25.0")
                    .contains("kafka_consumergroup_lag{cluster=\"test\",group=\"shipping\",partition=\"1\",topic=\"orders\",type=\"CLASSIC\"} 0.0")
                    .contains("kafka_broker_up{broker=\"0\",cluster=\"test\"} 1.0")
                    .contains("kafka_partitions_under_replicated{cluster=\"test\"} 0.0")
                    .containsPattern("warden_cycles_total\\{cluster=\"test\"} [1-9]");
            // billing is not named in metrics.partition-lag: its 3 worst partitions, and all of it at group level
            assertThat(metrics.lines().filter(l -> l.startsWith("kafka_consumergroup_lag{cluster=\"test\",group=\"billing\"")))
                    .containsExactlyInAnyOrder(
                            "kafka_consumergroup_lag{cluster=\"test\",group=\"billing\",partition=\"5\",topic=\"events\",type=\"CLASSIC\"} 6.0",
                            "kafka_consumergroup_lag{cluster=\"test\",group=\"billing\",partition=\"4\",topic=\"events\",type=\"CLASSIC\"} 5.0",
                            "kafka_consumergroup_lag{cluster=\"test\",group=\"billing\",partition=\"3\",topic=\"events\",type=\"CLASSIC\"} 4.0");
            // dated once the records behind the committed offsets are read: every exported partition, no other
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http.send(HttpRequest.newBuilder(
                    base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body().lines()
                    .filter(l -> l.startsWith("kafka_consumergroup_lag_seconds{cluster=\"test\",group=\"billing\"")))
                    .hasSize(3).allMatch(l -> l.matches(".*partition=\"[345]\".*")));
            assertThat(metrics)
                    .contains("kafka_consumergroup_group_lag{cluster=\"test\",group=\"billing\",type=\"CLASSIC\"} 21.0")
                    .contains("kafka_consumergroup_partitions{cluster=\"test\",group=\"billing\",type=\"CLASSIC\"} 6.0")
                    .contains("kafka_consumergroup_partitions_lagging{cluster=\"test\",group=\"billing\",type=\"CLASSIC\"} 6.0")
                    .contains("kafka_consumergroup_partitions_lagging{cluster=\"test\",group=\"shipping\",type=\"CLASSIC\"} 1.0")
                    .contains("kafka_consumergroup_status{cluster=\"test\",group=\"billing\",status=\"OK\",type=\"CLASSIC\"}")
                    .contains("kafka_topic_partitions{cluster=\"test\",topic=\"events\"} 6.0")
                    .contains("kafka_topic_log_end_offset{cluster=\"test\",topic=\"events\"} 150.0")
                    .contains("kafka_topic_log_end_offset{cluster=\"test\",topic=\"orders\"} 150.0")
                    .doesNotContain("kafka_topic_partition_log");
        }
        assertThat(printed.toString()).contains("orders.dlq holds 150 messages").doesNotContain("cycle failed");
    }

    @Test
    void theApiNeedsATokenAndTheRightRole(@TempDir Path dir) throws Exception {
        String viewer = "viewer-token-0123456789";
        String operator = "operator-token-0123456789";
        Path yaml = Files.writeString(dir.resolve("w.yaml"), """
                cluster: {name: test, bootstrap-servers: %s}
                watch: {interval: 300ms, timeout: 5s, window: 10s}
                alerts: {silences-file: %s}
                audit: {file: %s}
                http:
                  host: 127.0.0.1
                  port: 0
                  auth:
                    tokens:
                      - {name: grafana, token: "${VIEWER}", role: viewer}
                      - {name: oncall, token: "${OPERATOR}", role: operator}
                """.formatted(kafka.bootstrapServers(), dir.resolve("s.json"), dir.resolve("a.jsonl")));
        var config = new io.warden.config.ConfigLoader(Map.of("VIEWER", viewer, "OPERATOR", operator)::get).load(yaml);
        HttpClient http = HttpClient.newHttpClient();
        List<String> seen = new java.util.ArrayList<>();
        try (var runner = new WatchRunner(config,
                new PrintWriter(new StringWriter(), true), Clock.systemUTC())) {
            runner.start();
            URI base = URI.create("http://127.0.0.1:" + runner.httpPort());
            java.util.function.BiFunction<String, HttpRequest.Builder, HttpResponse<String>> call = (token, b) -> {
                try {
                    if (token != null) {
                        b.header("Authorization", "Bearer " + token);
                    }
                    var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    seen.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
                    return r;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(call.apply(null, HttpRequest.newBuilder(base.resolve("/api/alerts"))).statusCode()).isEqualTo(401);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    call.apply(viewer, HttpRequest.newBuilder(base.resolve("/api/alerts"))).body()).contains("dlq-depth/topic=orders.dlq"));
            String silence = "{\"matchers\": {\"topic\": \"orders.dlq\"}, \"duration\": \"1h\", \"comment\": \"replaying\"}";
            var post = (java.util.function.Supplier<HttpRequest.Builder>) () -> HttpRequest.newBuilder(base.resolve("/api/silences"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(silence));
            assertThat(call.apply(viewer, post.get()).statusCode()).isEqualTo(403);
            var created = call.apply(operator, post.get());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.body()).contains("\"createdBy\":\"oncall\"");
            assertThat(runner.silences().active()).singleElement().satisfies(s -> assertThat(s.comment()).isEqualTo("replaying"));
            assertThat(call.apply(null, HttpRequest.newBuilder(base.resolve("/metrics"))).statusCode()).isEqualTo(200);
        }
        assertThat(seen).isNotEmpty().allSatisfy(r -> assertThat(r).doesNotContain(viewer).doesNotContain(operator));
        assertThat(Files.readString(dir.resolve("a.jsonl"))).contains("silence.created").doesNotContain(operator);
    }
}
