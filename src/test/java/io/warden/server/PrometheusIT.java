package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.warden.config.ConfigLoader;
import io.warden.daemon.WatchRunner;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.MirrorSeed;
import io.warden.embedded.ReadyTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the watch daemon every second while the daemon watches a real cluster
 * with a lagging group, a group self-healing fixes (and one it escalates), a webhook channel and a DR
 * pair, and a second cluster that refuses connections; then every query of the Grafana dashboard
 * returns data, the shipped rules fire on what happened and on nothing else, and {@code promtool
 * check metrics} finds nothing wrong in the exposition.
 */
class PrometheusIT {

    private static final Path DASHBOARD = Path.of("deploy/grafana/warden-dashboard.json");
    private static final Path RULES = Path.of("deploy/prometheus/warden-rules.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);
    /** The source records carry this age, so lag seconds, the RPO estimate and its breach are certain. */
    private static final Duration BACKDATED = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    private static EmbeddedKafka primary;
    private static EmbeddedKafka dr;
    private static HttpServer webhook;
    private static WatchRunner runner;
    private static Process prometheus;
    private static URI prometheusUri;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void scenario() throws Exception {
        Path prometheusBinary = PrometheusPrograms.require("prometheus");
        primary = EmbeddedKafka.single();
        dr = EmbeddedKafka.single();
        long sent = Instant.now().minus(BACKDATED).toEpochMilli();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", primary.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 1, (short) 1),
                    new NewTopic("mm2-offset-syncs.dr.internal", 1, (short) 1)));
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", primary.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>("orders", 0, sent + i, "k" + i, "v" + i));
                }
            }
        }
        // what MirrorMaker 2 would have left: half of orders copied, its heartbeat and billing's checkpoint
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", dr.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("primary.orders", 1, (short) 1), new NewTopic("heartbeats", 1, (short) 1),
                    new NewTopic("primary.checkpoints.internal", 1, (short) 1)));
        }
        try (var seed = new MirrorSeed(Map.of("bootstrap.servers", dr.bootstrapServers()))) {
            for (int i = 0; i < 10; i++) {
                seed.record("primary.orders", 0, sent + i, "k" + i, "v" + i);
            }
            seed.heartbeat("heartbeats", "primary", "dr", Instant.now().toEpochMilli());
            seed.checkpoint("primary.checkpoints.internal", "billing", new TopicPartition("primary.orders", 0), 5, 5);
        }
        try (var seed = new MirrorSeed(Map.of("bootstrap.servers", primary.bootstrapServers()))) {
            seed.offsetSync("mm2-offset-syncs.dr.internal", ORDERS, 0, 0);
        }
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();

        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                clusters:
                  - name: primary
                    bootstrap-servers: "%s"
                    dr:
                      target: {name: dr, bootstrap-servers: "%s"}
                      tiers: [{name: critical, topics: orders}]
                  - {name: refused, bootstrap-servers: "127.0.0.1:%d"}
                watch: {interval: 1s, timeout: 5s, window: 10s}
                checks: {lag: {warning: 10, critical: 100000}}
                alerts:
                  silences-file: %s
                  rules: [{name: lag-now, check: consumer-lag, for: 0s}]
                notifiers:
                  oncall: {type: webhook, url: "http://127.0.0.1:%d/alerts"}
                audit: {file: %s}
                http: {host: 127.0.0.1, port: 0}
                heal:
                  mode: "on"
                  state-dir: %s
                  grace: 0s
                  cooldown: 1s
                  playbooks:
                    - name: restart-billing
                      check: consumer-lag
                      match: {group: billing}
                      steps:
                        - action: command
                          command: ["true"]
                          verify-cycles: 60
                    - name: restart-stuck
                      check: consumer-lag
                      match: {group: stuck}
                      steps:
                        - action: command
                          command: ["false"]
                          retry: {max-attempts: 1}
                """.formatted(primary.bootstrapServers(), dr.bootstrapServers(), freePort(), dir.resolve("silences.json"),
                webhook.getAddress().getPort(), dir.resolve("audit.jsonl"), dir));
        runner = new WatchRunner(new ConfigLoader(Map.<String, String>of()::get).load(yaml),
                new PrintWriter(new StringWriter(), true), Clock.systemUTC()).start();

        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: ['%s']
                scrape_configs:
                  - job_name: warden
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(RULES.toAbsolutePath(), runner.httpPort()));
        prometheus = new ProcessBuilder(prometheusBinary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        prometheusUri = URI.create("http://127.0.0.1:" + port);
        await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    assertThat(prometheus.isAlive()).as(Files.readString(dir.resolve("prometheus.log"))).isTrue();
                    return get(prometheusUri.resolve("/-/ready")).statusCode() == 200;
                });
        // the incidents start once Prometheus scrapes Warden, as they would in production: what happens
        // before a scrape has no earlier value to increase from
        await("Prometheus scrapes Warden").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> hasData("up{job=\"warden\"} == 1"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", primary.bootstrapServers()))) {
            // billing is behind and self-healing will be seen to fix it; stuck stays behind and its playbook fails
            admin.alterConsumerGroupOffsets("billing", Map.of(ORDERS, new OffsetAndMetadata(5))).all().get();
            admin.alterConsumerGroupOffsets("stuck", Map.of(ORDERS, new OffsetAndMetadata(2))).all().get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (runner != null) {
            runner.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (dr != null) {
            dr.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void everyQueryOfTheGrafanaDashboardReturnsData() throws Exception {
        List<Query> queries = new ArrayList<>();
        panels(JSON.readTree(DASHBOARD.toFile()).get("panels"), queries);
        assertThat(queries).hasSizeGreaterThan(30);

        // self-healing ran billing's command; billing then catches up, so its alert resolves after the action
        await("billing's playbook acted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> runner.metrics().scrape().contains("warden_heal_attempts_total{action=\"command\",cluster=\"primary\","
                        + "outcome=\"DONE\"} 1.0"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", primary.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets("billing", Map.of(ORDERS, new OffsetAndMetadata(20))).all().get();
        }

        await("every dashboard query returns data").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (Query q : queries) {
                        if (!hasData(q.expr())) {
                            empty.add("panel \"" + q.panel() + "\": " + q.expr());
                        }
                    }
                    assertThat(empty).as("queries without data").isEmpty();
                });
    }

    @Test
    void theShippedRulesFireOnTheFirstEscalationAndFailedActionAndNotOnAHealthyWarden() throws Exception {
        await("alerts of the shipped rules").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(firing()).contains(
                        "WardenHealingEscalated{cluster=primary, playbook=restart-stuck}",
                        "WardenHealingActionsFailing{action=command, cluster=primary, outcome=FAILED}"));

        assertThat(firing()).noneMatch(a -> a.startsWith("WardenDown") || a.startsWith("WardenAbsent")
                || a.startsWith("WardenNotCycling") || a.startsWith("WardenClusterNotAnswering")
                || a.startsWith("WardenNotificationsFailing") || a.startsWith("Kafka"));
    }

    @Test
    void theRuleForAClusterThatDoesNotAnswerPicksTheRefusedClusterAndNoOther() throws Exception {
        // the rule's `for:` is minutes: its expression shows now what it would fire on
        String notAnswering = ruleExpr("WardenClusterNotAnswering");
        await("a cycle of the refused cluster ended").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> hasData(notAnswering));

        assertThat(clusters(notAnswering)).containsExactly("refused");
        assertThat(clusters(ruleExpr("WardenNotCycling"))).isEmpty();
    }

    @Test
    void promtoolFindsNothingWrongInTheExposition() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.metrics().scrape().contains("kafka_consumergroup_group_lag{"));
        HttpResponse<byte[]> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.httpPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(metrics.statusCode()).isEqualTo(200);

        var run = PrometheusPrograms.run(dir, metrics.body(), Duration.ofSeconds(30),
                PrometheusPrograms.require("promtool").toString(), "check", "metrics");

        assertThat(run.output()).as("promtool check metrics").isEmpty();
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    private static String ruleExpr(String alert) throws IOException {
        for (JsonNode group : new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(RULES.toFile())
                .get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (rule.path("alert").asText().equals(alert)) {
                    return rule.get("expr").asText();
                }
            }
        }
        throw new AssertionError("no rule " + alert + " in " + RULES);
    }

    /** The {@code cluster} label of each series {@code expr} returns now. */
    private static List<String> clusters(String expr) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        query(expr).forEach(r -> out.add(r.path("metric").path("cluster").asText()));
        return out;
    }

    /** Prometheus' firing alerts by name and labels (other than job, instance and severity). */
    private static List<String> firing() throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode alert : JSON.readTree(get(prometheusUri.resolve("/api/v1/alerts")).body()).path("data").path("alerts")) {
            if (!alert.path("state").asText().equals("firing")) {
                continue;
            }
            var labels = new java.util.TreeMap<String, String>();
            alert.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            String name = labels.remove("alertname");
            labels.keySet().removeAll(List.of("job", "instance", "severity"));
            out.add(name + labels);
        }
        return out;
    }

    /** One target of a panel, with Grafana's variables set as a user who picked this cluster and all groups would have them. */
    record Query(String panel, String expr) {
    }

    private static void panels(JsonNode panels, List<Query> out) {
        if (panels == null) {
            return;
        }
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                out.add(new Query(panel.path("title").asText(), target.get("expr").asText()
                        .replace("$cluster", "primary").replace("$group", ".*")
                        .replace("$__rate_interval", "1m").replace("$__interval", "15s")));
            }
            panels(panel.get("panels"), out);
        }
    }

    /** At least one series with a number: a NaN (e.g. a quantile of no observations) draws nothing either. */
    private static boolean hasData(String expr) throws IOException, InterruptedException {
        for (JsonNode series : query(expr)) {
            if (!series.path("value").path(1).asText().equals("NaN")) {
                return true;
            }
        }
        return false;
    }

    /** The series {@code expr} returns now, from Prometheus' HTTP API. */
    private static JsonNode query(String expr) throws IOException, InterruptedException {
        var response = get(prometheusUri.resolve("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).as("%s: %s", expr, response.body()).isEqualTo("success");
        return body.path("data").path("result");
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Prometheus cannot listen on port 0: a port the kernel just handed out and took back is free, almost surely. */
    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
