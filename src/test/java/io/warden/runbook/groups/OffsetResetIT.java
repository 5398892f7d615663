package io.warden.runbook.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.audit.AuditEvent;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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

/** An offset reset through the service alone: it saves the undo file, commits and records the change. */
class OffsetResetIT {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            ReadyTopics.create(admin, List.of(new NewTopic("payments", 1, (short) 1)));
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("payments", "k", "v" + i));
            }
            producer.flush();
            admin.alterConsumerGroupOffsets("ledger", Map.of(new TopicPartition("payments", 0), new OffsetAndMetadata(7)))
                    .all().get();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aResetSavesTheOffsetsItReplacesCommitsAndIsAudited(@TempDir Path dir) throws Exception {
        Path undo = dir.resolve("ledger-undo.csv");
        List<AuditEvent> audit = new ArrayList<>();
        try (var connection = KafkaConnection.open(ConnectionSettings.of(kafka.bootstrapServers(), null, Duration.ofSeconds(10)))) {
            var service = new GroupOffsetsService(connection, Clock.systemUTC());
            ResetPlan plan = service.planReset(List.of("ledger"), new GroupOffsetsService.Scope(List.of(), true),
                    new ResetMode.ToEarliest());

            List<Path> written = service.resetOffsets(plan, undo, audit::add);

            assertThat(written).containsExactly(undo);
            assertThat(Files.readString(undo)).contains("payments,0,7");
            assertThat(service.committed(List.of("ledger")).get("ledger"))
                    .containsEntry(new TopicPartition("payments", 0), 0L);
        }
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("groups.reset-offsets");
            assertThat(e.key()).isEqualTo("ledger");
            assertThat(e.cluster()).isEqualTo(kafka.bootstrapServers());
            assertThat(e.data()).containsEntry("undoFile", undo.toString()).containsEntry("mode", "to-earliest");
        });
    }
}
