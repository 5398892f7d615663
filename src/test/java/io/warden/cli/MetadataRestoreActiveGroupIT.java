package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a backup holding a group's offsets, when that group has an active member on the target,
 * then restore reports the group as skipped and does not touch its offsets, even with --execute.
 */
class MetadataRestoreActiveGroupIT {

    static EmbeddedKafka kafka;
    static Admin admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    @Test
    void offsetsOfAGroupWithActiveMembersAreNotSet() throws Exception {
        ReadyTopics.create(admin, List.of(new NewTopic("a.events", 1, (short) 1)));
        TopicPartition tp = new TopicPartition("a.events", 0);
        admin.alterConsumerGroupOffsets("live", Map.of(tp, new OffsetAndMetadata(3))).all().get();
        Path file = dir.resolve("metadata.json");
        assertThat(Cli.run("backup", "metadata", "-b", kafka.bootstrapServers(), "--to", file.toString()).exitCode()).isZero();
        admin.deleteConsumerGroups(List.of("live")).all().get();

        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "live", "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("a.events"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return !consumer.assignment().isEmpty();
            });
            Path auditConfig = Files.writeString(dir.resolve("warden.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
            Cli run = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(), "--execute",
                    "--config-file", auditConfig.toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("skipped: group live has active members; its offsets on 1 partitions cannot be set now");
            assertThat(admin.listConsumerGroupOffsets("live").partitionsToOffsetAndMetadata().get()).doesNotContainKey(tp);
        }
    }
}
