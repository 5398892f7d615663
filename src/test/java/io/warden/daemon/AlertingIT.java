package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a group that falls behind on a real broker, when Warden watches with an email channel,
 * then the on-call address gets one email when the alert fires, one reminder after the repeat
 * interval and one when the consumer catches up, and the audit trail holds every step.
 */
class AlertingIT {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("warden@example.com", "warden", "s3cret-smtp-pass"));

    static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("invoices", 1, (short) 1), new NewTopic("refunds", 1, (short) 1)));
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private WatchRunner runner(String group, StringWriter printed) throws Exception {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                cluster: {name: test, bootstrap-servers: %s}
                watch: {interval: 300ms, timeout: 5s, window: 10s}
                checks: {lag: {warning: 20, critical: 100000}}
                alerts:
                  defaults: false
                  silences-file: %s
                  rules:
                    - name: %s-lag
                      check: consumer-lag
                      match: {group: %s}
                      repeat-interval: 8s
                      runbook: restart the %s consumers
                notifiers:
                  oncall:
                    type: email
                    host: 127.0.0.1
                    port: %d
                    starttls: false
                    username: warden
                    password: ${SMTP_PASSWORD}
                    from: warden@example.com
                    to: [oncall@example.com]
                audit: {file: %s}
                http: {port: -1}
                """.formatted(kafka.bootstrapServers(), dir.resolve("silences.json"), group, group, group,
                mail.getSmtp().getPort(), dir.resolve("audit.jsonl")));
        var config = new ConfigLoader(Map.of("SMTP_PASSWORD", "s3cret-smtp-pass")::get).load(yaml);
        return new WatchRunner(config,
                new PrintWriter(printed, true), Clock.systemUTC());
    }

    private static void produce(String topic, int n) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        var c = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "group.id", group,
                "auto.offset.reset", "earliest", "enable.auto.commit", false),
                new StringDeserializer(), new StringDeserializer());
        return c;
    }

    private List<AuditEvent> audit(String type) {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type(type)).events();
    }

    @Test
    void oneEmailWhenItFiresOneReminderAndOneWhenTheConsumerCatchesUp() throws Exception {
        produce("invoices", 50);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets("billing", Map.of(new org.apache.kafka.common.TopicPartition("invoices", 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(0))).all().get();
        }
        try (var consumer = consumer("billing")) {
            StringWriter printed = new StringWriter();
            try (var runner = runner("billing", printed)) {
                runner.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 1);
                MimeMessage fired = mail.getReceivedMessages()[0];
                assertThat(runner.metrics().scrape()).contains("warden_alerts_firing{cluster=\"test\",severity=\"WARNING\"} 1.0");
                assertThat(fired.getSubject()).contains("test: 1 firing").contains("billing");
                assertThat(fired.getContent().toString()).contains("50 messages", "restart the billing consumers");

                await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 2);
                assertThat(mail.getReceivedMessages()[1].getContent().toString()).containsIgnoringCase("still firing");

                // the consumer catches up: the next cycle resolves the alert
                // catch up well within the 8 s repeat interval, so no second reminder goes out first
                consumer.subscribe(List.of("invoices"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200));
                    consumer.commitSync();
                    var invoices = new org.apache.kafka.common.TopicPartition("invoices", 0);
                    // the first polls may return before the group assigned the partition
                    return consumer.assignment().contains(invoices) && consumer.position(invoices) == 50;
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 3);
                assertThat(mail.getReceivedMessages()[2].getSubject()).contains("1 resolved");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runner.metrics().scrape())
                        .contains("warden_notifications_total{channel=\"oncall\",cluster=\"test\",outcome=\"sent\"} 3.0")
                        .contains("warden_alerts_firing{cluster=\"test\",severity=\"WARNING\"} 0.0"));
            }
            assertThat(mail.getReceivedMessages()).hasSize(3);
        }
        assertThat(audit("alert.fired")).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo("consumer-lag/group=billing"));
        assertThat(audit("alert.reminder")).hasSize(1);
        assertThat(audit("alert.resolved")).hasSize(1);
        assertThat(audit("notification.sent")).hasSize(3).allSatisfy(e -> assertThat(e.key()).isEqualTo("oncall"));
        assertThat(audit("config.loaded")).hasSize(1);
        assertThat(audit("finding.raised")).anySatisfy(e -> assertThat(e.key()).isEqualTo("consumer-lag/group=billing"));
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).doesNotContain("s3cret-smtp-pass");
    }

    @Test
    void aSilenceKeepsTheEmailBackAndTheAuditTrailSaysSo() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            produce("refunds", 40);
            admin.alterConsumerGroupOffsets("refunder", Map.of(new org.apache.kafka.common.TopicPartition("refunds", 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(0))).all().get();
        }
        int before = mail.getReceivedMessages().length;
        StringWriter printed = new StringWriter();
        try (var runner = runner("refunder", printed)) {
            runner.silences().add(Map.of("group", "refunder"), Duration.ofHours(1), "alice", "refunds backfill");
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !audit("alert.silenced").isEmpty());
        }
        assertThat(audit("alert.silenced")).first().satisfies(e -> assertThat(e.key()).isEqualTo("consumer-lag/group=refunder"));
        assertThat(audit("alert.fired")).noneSatisfy(e -> assertThat(e.key()).contains("refunder"));
        assertThat(mail.getReceivedMessages()).hasSize(before);
        assertThat(printed.toString()).contains("(silenced)");
    }
}
