package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Given topics whose newest records are ten days old (written with ten-day-old timestamps, kept by
 * retention.ms=-1), an empty topic, a live topic, and groups on old and live topics, when the
 * operator runs {@code warden cleanup report --idle-days 7}, then only the unused ones are listed,
 * each with evidence, and --execute --yes deletes exactly those and audits each deletion.
 */
class CleanupIT {

    static EmbeddedKafka kafka;
    static Admin admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        Map<String, String> keepForever = Map.of("retention.ms", "-1");
        ReadyTopics.create(admin, List.of(new NewTopic("stale", 2, (short) 1).configs(keepForever),
                new NewTopic("archive", 1, (short) 1).configs(keepForever),
                new NewTopic("empty", 1, (short) 1), new NewTopic("live", 1, (short) 1)));
        long tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).toEpochMilli();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("stale", i % 2, tenDaysAgo, "k", "v" + i));
                producer.send(new ProducerRecord<>("archive", 0, tenDaysAgo, "k", "v" + i));
                producer.send(new ProducerRecord<>("live", "k", "v" + i));
            }
            producer.flush();
        }
        admin.alterConsumerGroupOffsets("old-readers", Map.of(new TopicPartition("archive", 0), new OffsetAndMetadata(5))).all().get();
        admin.alterConsumerGroupOffsets("live-readers", Map.of(new TopicPartition("live", 0), new OffsetAndMetadata(3))).all().get();
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    private Cli warden(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-b";
        all[args.length + 1] = kafka.bootstrapServers();
        return Cli.run(all);
    }

    @Test
    void theReportListsOnlyWhatIsUnusedAndExecuteDeletesExactlyThat() throws Exception {
        Cli report = warden("cleanup", "report", "--idle-days", "7");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out())
                .containsPattern("IDLE_TOPIC\\s+stale\\s+newest record 10.0 days old .*5 records retained; no group")
                .containsPattern("EMPTY_TOPIC\\s+empty\\s+no records in its 1 partition")
                .containsPattern("INACTIVE_GROUP\\s+old-readers\\s+EMPTY, no members; its topics \\[archive] got no record for 10.0 days; lag 0")
                .doesNotContain("live", "archive ")
                .contains("Nothing was deleted");
        assertThat(admin.listTopics().names().get()).contains("stale", "empty");

        Cli noTty = warden("cleanup", "report", "--idle-days", "7", "--execute");
        assertThat(noTty.exitCode()).isEqualTo(64);
        assertThat(noTty.err()).contains("pass --yes");

        Path config = Files.writeString(dir.resolve("warden.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
        Cli executed = warden("cleanup", "report", "--idle-days", "7", "--execute", "--yes", "--config-file", config.toString());
        assertThat(executed.exitCode()).as(executed.out() + executed.err()).isZero();
        assertThat(executed.out()).contains("deleted topic stale", "deleted topic empty", "deleted group old-readers");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.listTopics().names().get()).doesNotContain("stale", "empty").contains("live", "archive"));
        assertThat(admin.listGroups().all().get()).extracting(g -> g.groupId()).containsExactly("live-readers");
        List<AuditEvent> audit = AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events();
        assertThat(audit).extracting(AuditEvent::type, AuditEvent::key).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("topics.delete", "stale"),
                org.assertj.core.groups.Tuple.tuple("topics.delete", "empty"),
                org.assertj.core.groups.Tuple.tuple("groups.delete", "old-readers"));
    }

    @Test
    void aLongerThresholdDoesNotCallTenDayOldTrafficIdle() {
        Cli report = warden("cleanup", "report", "--idle-days", "30", "-o", "json");
        assertThat(report.exitCode()).isZero();
        assertThat(report.out()).doesNotContain("\"stale\"", "old-readers");
    }
}
