package io.warden.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.config.ConfigLoader;
import io.warden.daemon.WatchRunner;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
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
 * Given a real Alertmanager and a group that falls behind on a real broker, when Warden watches with
 * an alertmanager channel, then Alertmanager holds the alert with Warden's labels, annotations and
 * console link for as long as it fires (past Alertmanager's resolve_timeout, since Warden re-sends
 * it), and resolves it at the moment Warden saw the consumer catch up.
 */
class AlertmanagerIT {

    /** Short, so that an alert Warden did not re-send would end within the test. */
    static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(3);
    static final String CONSOLE = "http://warden.example.test:9308";

    static EmbeddedKafka kafka;
    static AlertmanagerProcess alertmanager;
    /** Alertmanager's own webhook receiver: what it would page with. */
    static Endpoint pages;
    @TempDir
    static Path amDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        AlertmanagerProcess.binary(); // skip (or fail in CI) before starting a broker for nothing
        pages = Endpoint.answering(200);
        alertmanager = AlertmanagerProcess.start(amDir, RESOLVE_TIMEOUT, """
                route:
                  receiver: capture
                  group_by: ['...']
                  group_wait: 100ms
                  group_interval: 500ms
                  repeat_interval: 1h
                receivers:
                  - name: capture
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                """.formatted(pages.url("/pages")));
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("invoices", 1, (short) 1), new NewTopic("refunds", 1, (short) 1)));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (pages != null) {
            pages.close();
        }
    }

    private WatchRunner runner(String rule, String groupRegex) throws Exception {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                cluster: {name: test, bootstrap-servers: %s}
                watch: {interval: 300ms, timeout: 5s, window: 10s}
                checks: {lag: {warning: 20, critical: 100000}}
                alerts:
                  defaults: false
                  silences-file: %s
                  rules:
                    - name: %s
                      check: consumer-lag
                      match: {group: '%s'}
                      repeat-interval: 1h
                      labels: {team: payments}
                      runbook: restart the consumers
                notifiers:
                  am:
                    type: alertmanager
                    url: %s
                    bearer-token: ${AM_TOKEN}
                    console-url: %s
                    resend-interval: 1s
                audit: {file: %s}
                http: {port: -1}
                """.formatted(kafka.bootstrapServers(), dir.resolve("silences.json"), rule, groupRegex, alertmanager.url(),
                CONSOLE, dir.resolve("audit.jsonl")));
        var config = new ConfigLoader(Map.of("AM_TOKEN", "am-t0ken-s3cret")::get).load(yaml);
        return new WatchRunner(config, new PrintWriter(new StringWriter(), true), Clock.systemUTC());
    }

    private static void behind(String topic, String group, int messages) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            producer.flush();
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0))).all().get();
        }
    }

    private static void caughtUp(String topic, String group, int offset) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset))).all().get();
        }
    }

    /** The alerts Alertmanager holds (not ended) for one rule. */
    private static List<JsonNode> held(String alertname) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : alertmanager.alerts()) {
            if (alertname.equals(a.path("labels").path("alertname").asText())) {
                out.add(a);
            }
        }
        return out;
    }

    private List<AuditEvent> audit(String type) {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type(type)).events();
    }

    private Instant auditTime(String type) {
        assertThat(audit(type)).hasSize(1);
        return audit(type).get(0).time();
    }

    /** The alerts of Alertmanager's own notifications to its receiver, for one rule and status. */
    private static List<JsonNode> paged(String alertname, String status) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (Endpoint.Request r : pages.requests()) {
            for (JsonNode a : json.readTree(r.body()).path("alerts")) {
                if (alertname.equals(a.path("labels").path("alertname").asText()) && status.equals(a.path("status").asText())) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    @Test
    void alertmanagerHoldsTheAlertWhileItFiresAndResolvesItWhenTheConsumerCatchesUp() throws Exception {
        behind("invoices", "billing", 50);
        try (var runner = runner("billing-lag", "billing")) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> held("billing-lag").size() == 1);
            JsonNode alert = held("billing-lag").get(0);
            assertThat(new ObjectMapper().convertValue(alert.path("labels"), new TypeReference<Map<String, String>>() { })).isEqualTo(Map.of(
                    "alertname", "billing-lag", "cluster", "test", "severity", "warning", "group", "billing",
                    "key", "consumer-lag/group=billing", "source", "warden", "team", "payments"));
            assertThat(alert.path("annotations").path("summary").asText()).contains("group billing", "50 messages");
            assertThat(alert.path("annotations").path("runbook").asText()).isEqualTo("restart the consumers");
            assertThat(alert.path("annotations").path("description").asText()).contains("firing since");
            assertThat(alert.path("generatorURL").asText()).isEqualTo(CONSOLE + "/#/alerts?cluster=test&key=consumer-lag%2Fgroup%3Dbilling");
            assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
            Instant fired = auditTime("alert.fired");

            // past resolve_timeout, and still there: Warden re-sends it while it fires
            await().during(RESOLVE_TIMEOUT.multipliedBy(2)).atMost(RESOLVE_TIMEOUT.multipliedBy(3))
                    .until(() -> held("billing-lag").size() == 1);
            assertThat(Instant.parse(held("billing-lag").get(0).path("startsAt").asText()))
                    .as("the same alert all along").isBetween(fired.minusMillis(1), fired.plusMillis(1));
            assertThat(paged("billing-lag", "resolved")).isEmpty();

            caughtUp("invoices", "billing", 50);
            await().atMost(Duration.ofSeconds(30)).until(() -> held("billing-lag").isEmpty());
            Instant resolved = auditTime("alert.resolved");
            await().atMost(Duration.ofSeconds(10)).until(() -> !paged("billing-lag", "resolved").isEmpty());
            // ended when Warden saw it resolve, not resolve_timeout after the last re-send
            assertThat(Instant.parse(paged("billing-lag", "resolved").get(0).path("endsAt").asText()))
                    .isBetween(resolved.minusMillis(1), resolved.plusMillis(1));
        }
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).doesNotContain("am-t0ken-s3cret");
        assertThat(audit("notification.sent")).as("fired and resolved; a delivered re-send repeats, it is not audited")
                .hasSize(2).allSatisfy(e -> assertThat(e.key()).isEqualTo("am"));
        assertThat(alertmanager.log()).doesNotContain("am-t0ken-s3cret");
    }

    @Test
    void aHostileGroupNameIsOneLabelValueVerbatim() throws Exception {
        String hostile = "evil\"group\n{x=\"y\"}, alertname=\"pwned\", \\ ${HOME} <script>";
        behind("refunds", hostile, 40);
        try (var runner = runner("refund-lag", "(?s)evil.*")) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> held("refund-lag").size() == 1);
            JsonNode labels = held("refund-lag").get(0).path("labels");
            assertThat(labels.path("group").asText()).isEqualTo(hostile);
            assertThat(labels.path("key").asText()).isEqualTo("consumer-lag/group=" + hostile);
            assertThat(StreamSupport.stream(((Iterable<String>) labels::fieldNames).spliterator(), false).toList())
                    .containsExactlyInAnyOrder("alertname", "cluster", "severity", "group", "key", "source", "team");
            assertThat(held("pwned")).isEmpty();
            assertThat(Optional.ofNullable(held("refund-lag").get(0).path("annotations").path("summary").asText()))
                    .hasValueSatisfying(s -> assertThat(s).contains(hostile));
        }
    }
}
