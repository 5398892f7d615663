package io.warden.daemon;

import io.warden.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.config.ConfigLoader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given two real clusters and one that cannot be reached, when one daemon watches all three, then
 * each cluster is judged on its own: the group that lags on "east" alerts for east only, the same
 * group caught up on "west" stays quiet, the unreachable one is reported without holding the
 * others back, and metrics, health, API, email and audit trail all say which cluster is which.
 */
class MultiClusterIT {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static EmbeddedKafka east;
    static EmbeddedKafka west;
    static String nowhere;

    @TempDir
    Path dir;

    @BeforeAll
    static void clusters() throws Exception {
        east = EmbeddedKafka.single();
        west = EmbeddedKafka.single();
        billingOn(east, 0);
        billingOn(west, 300);
        try (var socket = new ServerSocket(0)) {
            nowhere = "127.0.0.1:" + socket.getLocalPort(); // closed again: nothing listens there
        }
    }

    /** Topic orders with 300 messages; group billing committed at {@code committed}. */
    private static void billingOn(EmbeddedKafka kafka, long committed) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 1, (short) 1)));
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("orders", "k", "v" + i));
            }
            producer.flush();
            admin.alterConsumerGroupOffsets("billing", Map.of(new TopicPartition("orders", 0),
                    new OffsetAndMetadata(committed))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        east.close();
        west.close();
    }

    private Path config(String http) throws Exception {
        return Files.writeString(dir.resolve("warden.yaml"), """
                clusters:
                  - name: east
                    bootstrap-servers: %s
                  - name: west
                    bootstrap-servers: %s
                  - name: gone
                    bootstrap-servers: %s
                watch: {interval: 250ms, timeout: 2s, window: 10s}
                checks: {lag: {warning: 100, critical: 100000}}
                alerts:
                  silences-file: %s
                  rules:
                    - name: east-lag
                      check: consumer-lag
                      match: {cluster: east}
                      labels: {team: east-oncall}
                    - name: unreachable-now
                      check: cluster-unreachable
                notifiers:
                  oncall:
                    type: email
                    host: 127.0.0.1
                    port: %d
                    starttls: false
                    from: warden@example.com
                    to: [oncall@example.com]
                audit: {file: %s}
                """.formatted(east.bootstrapServers(), west.bootstrapServers(), nowhere, dir.resolve("silences.json"),
                mail.getSmtp().getPort(), dir.resolve("audit.jsonl")) + http);
    }

    @Test
    void eachClusterIsWatchedAlertedAndReportedOnItsOwn() throws Exception {
        var config = new ConfigLoader(Map.of("VIEWER_TOKEN", "viewer-token-0123456789")::get).load(config("""
                http:
                  host: 127.0.0.1
                  port: 0
                  auth:
                    tokens:
                      - {name: grafana, token: "${VIEWER_TOKEN}", role: viewer}
                """));
        HttpClient http = HttpClient.newHttpClient();
        StringWriter printed = new StringWriter();
        try (var runner = new WatchRunner(config, new PrintWriter(printed, true), Clock.systemUTC())) {
            runner.start();
            URI base = URI.create("http://127.0.0.1:" + runner.httpPort());

            // the unreachable cluster's first cycle takes its whole timeout; the others cycle meanwhile
            await().atMost(Duration.ofSeconds(30)).until(() -> cycles(runner.metrics().scrape(), "gone") >= 1);
            assertThat(cycles(runner.metrics().scrape(), "east")).isGreaterThanOrEqualTo(3);
            assertThat(cycles(runner.metrics().scrape(), "west")).isGreaterThanOrEqualTo(3);

            await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length >= 2);
            List<String> subjects = Arrays.stream(mail.getReceivedMessages()).map(MultiClusterIT::subject).toList();
            assertThat(subjects).hasSize(2).anySatisfy(s -> assertThat(s).contains("east: 1 firing").contains("billing"))
                    .anySatisfy(s -> assertThat(s).contains("gone: 1 firing"))
                    .noneSatisfy(s -> assertThat(s).contains("west"));

            String scrape = runner.metrics().scrape();
            assertThat(scrape).contains("kafka_consumergroup_group_lag{cluster=\"east\",group=\"billing\",type=\"CLASSIC\"} 300.0",
                    "kafka_consumergroup_group_lag{cluster=\"west\",group=\"billing\",type=\"CLASSIC\"} 0.0",
                    "warden_alerts_firing{cluster=\"east\",severity=\"WARNING\"} 1.0",
                    "warden_alerts_firing{cluster=\"west\",severity=\"WARNING\"} 0.0",
                    "warden_notifications_total{channel=\"oncall\",cluster=\"east\",outcome=\"sent\"} 1.0");
            assertThat(scrape.lines().filter(l -> l.startsWith("# HELP kafka_consumergroup_group_lag "))).hasSize(1);

            ObjectMapper json = new ObjectMapper();
            JsonNode alerts = json.readTree(get(http, base, "/api/alerts").body());
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.get("cluster").asText()).isEqualTo("east");
                assertThat(a.get("rule").asText()).isEqualTo("east-lag");
                assertThat(a.get("labels").get("team").asText()).isEqualTo("east-oncall");
            });
            assertThat(alerts).noneSatisfy(a -> assertThat(a.get("cluster").asText()).isEqualTo("west"));
            JsonNode findings = json.readTree(get(http, base, "/api/findings").body());
            assertThat(findings).anySatisfy(f -> {
                assertThat(f.get("cluster").asText()).isEqualTo("gone");
                assertThat(f.get("key").asText()).isEqualTo("cluster-unreachable");
            });

            var health = get(http, base, "/health");
            JsonNode report = json.readTree(health.body());
            assertThat(report.get("clusters").fieldNames()).toIterable().containsExactly("east", "west", "gone");
            assertThat(report.get("clusters").get("east").get("status").asText()).as(health.body()).isEqualTo("UP");
            assertThat(report.get("clusters").get("gone").get("findings").get("UNKNOWN").asInt()).isEqualTo(1);
        }

        List<AuditEvent> events = AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events();
        assertThat(events).filteredOn(e -> e.type().equals("config.loaded")).extracting(AuditEvent::cluster)
                .containsExactly("east", "west", "gone");
        assertThat(events).filteredOn(e -> e.type().equals("alert.fired")).extracting(AuditEvent::cluster)
                .containsExactlyInAnyOrder("east", "gone");
        assertThat(printed.toString()).contains("[east] ", "[west] ", "[gone] ");
    }

    @Test
    void watchOnceChecksEveryClusterAndExitsWithTheWorst() throws Exception {
        Path yaml = config("http: {port: -1}\n");
        Cli cli = Cli.run("watch", "--config", yaml.toString(), "--once", "--dry-run");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(3); // gone is UNKNOWN, east only WARNING
        assertThat(cli.out()).contains("== east ==", "== west ==", "== gone ==");
        String eastPart = cli.out().substring(cli.out().indexOf("== east =="), cli.out().indexOf("== west =="));
        assertThat(eastPart).contains("billing");
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer viewer-token-0123456789")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long cycles(String scrape, String cluster) {
        Matcher m = Pattern.compile("warden_cycles_total\\{cluster=\"" + cluster + "\"} (\\d+)").matcher(scrape);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
