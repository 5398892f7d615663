package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.protect.metadata.GroupOffsetsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a metadata backup of cluster A (topics with configs, a group with committed offsets),
 * when the operator restores it into a fresh cluster B, then the plan lists everything and changes
 * nothing, --execute creates the topics with their configs and the group's offsets, a second
 * restore has nothing to do, and a config that differs is shown, not overwritten.
 */
class MetadataRestoreIT {

    static EmbeddedKafka clusterA;
    static EmbeddedKafka clusterB;
    static Admin adminA;
    static Admin adminB;

    @TempDir
    static Path dir;

    @BeforeAll
    static void clusters() {
        clusterA = EmbeddedKafka.single();
        clusterB = EmbeddedKafka.single();
        adminA = Admin.create(Map.of("bootstrap.servers", clusterA.bootstrapServers()));
        adminB = Admin.create(Map.of("bootstrap.servers", clusterB.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        adminA.close();
        adminB.close();
        clusterA.close();
        clusterB.close();
    }

    private static Map<String, String> overrides(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<String, String> m = new java.util.TreeMap<>();
        admin.describeConfigs(List.of(r)).all().get().get(r).entries().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG).forEach(e -> m.put(e.name(), e.value()));
        return m;
    }

    @Test
    void restoreIntoAFreshClusterCreatesWhatIsMissingAndShowsWhatDiffers() throws Exception {
        ReadyTopics.create(adminA, List.of(new NewTopic("r.orders", 3, (short) 1).configs(Map.of("retention.ms", "3600000")),
                new NewTopic("r.audit", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", clusterA.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("r.orders", p, "k", "v" + i)).get();
                }
            }
        }
        adminA.alterConsumerGroupOffsets("billing", Map.of(new TopicPartition("r.orders", 0), new OffsetAndMetadata(4),
                new TopicPartition("r.orders", 1), new OffsetAndMetadata(2))).all().get();

        Path file = dir.resolve("metadata.json");
        Cli backup = Cli.run("backup", "metadata", "-b", clusterA.bootstrapServers(), "--to", file.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("Saved 2 topics, ACLs not available: no authorizer, 1 groups' offsets");
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.get("format").asText()).isEqualTo("warden-metadata-backup");
        assertThat(json.at("/topics/r.orders/configs/retention.ms").asText()).isEqualTo("3600000");
        assertThat(json.at("/groups/billing")).hasSize(2);

        Cli plan = Cli.run("restore", "metadata", file.toString(), "-b", clusterB.bootstrapServers());
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("create topic r.audit (1 partitions, RF 1, {cleanup.policy=compact})",
                "create topic r.orders (3 partitions, RF 1, {retention.ms=3600000})",
                "set offsets of group billing on 2 partitions", "Nothing was changed");
        assertThat(adminB.listTopics().names().get()).doesNotContain("r.orders", "r.audit");

        Path auditConfig = Files.writeString(dir.resolve("warden.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
        Cli run = Cli.run("restore", "metadata", file.toString(), "-b", clusterB.bootstrapServers(), "--execute",
                "--config-file", auditConfig.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(adminB.describeTopics(List.of("r.orders")).allTopicNames().get().get("r.orders").partitions()).hasSize(3);
        assertThat(overrides(adminB, "r.orders")).isEqualTo(Map.of("retention.ms", "3600000"));
        assertThat(overrides(adminB, "r.audit")).isEqualTo(Map.of("cleanup.policy", "compact"));
        // verbatim, and marked so: a data restore of these partitions later replaces them with mapped offsets
        assertThat(adminB.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get()).isEqualTo(Map.of(
                new TopicPartition("r.orders", 0), new OffsetAndMetadata(4, GroupOffsetsReader.VERBATIM),
                new TopicPartition("r.orders", 1), new OffsetAndMetadata(2, GroupOffsetsReader.VERBATIM)));
        List<AuditEvent> audit = AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events();
        assertThat(audit).hasSize(3).allSatisfy(e -> assertThat(e.type()).isEqualTo("restore.metadata"));

        Cli again = Cli.run("restore", "metadata", file.toString(), "-b", clusterB.bootstrapServers());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Nothing to restore");

        adminB.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "r.orders"), List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET)))).all().get();
        Cli differs = Cli.run("restore", "metadata", file.toString(), "-b", clusterB.bootstrapServers(), "--execute",
                "--config-file", auditConfig.toString());
        assertThat(differs.exitCode()).as(differs.out() + differs.err()).isEqualTo(1);
        assertThat(differs.out()).contains("Nothing to restore.",
                "differs: topic r.orders config retention.ms: backup 3600000, cluster 7200000");
        assertThat(overrides(adminB, "r.orders")).isEqualTo(Map.of("retention.ms", "7200000"));
    }

    @Test
    void aFileThatIsNoBackupIsRefusedBeforeConnecting() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"format\": \"warden-metadata\", \"version\": 1}");
        Cli run = Cli.run("restore", "metadata", bad.toString(), "-b", "localhost:1");
        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).contains("not a Warden metadata backup");
    }
}
