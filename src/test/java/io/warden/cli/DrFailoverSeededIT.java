package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.MirrorSeed;
import io.warden.embedded.ReadyTopics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replication histories a running MirrorMaker will not produce on cue, written in its formats on
 * one real cluster that plays both sides: a one-to-one copy, a duplicate from a retry, a group
 * moved back after its last checkpoint, and a checkpoint that contradicts the records.
 */
class DrFailoverSeededIT {

    private static final String TOPIC = "orders";
    private static final String REPLICA = "primary.orders";
    private static final String CHECKPOINTS = "primary.checkpoints.internal";
    private static final String SYNCS = "mm2-offset-syncs.dr.internal";
    private static final long T0 = 1_700_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafka kafka;

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dir;

    @BeforeAll
    static void seed() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(REPLICA, 3, (short) 1),
                    new NewTopic(CHECKPOINTS, 1, (short) 1), new NewTopic(SYNCS, 1, (short) 1)));
            try (var seed = new MirrorSeed(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                for (int p = 0; p < 3; p++) {
                    for (int i = 0; i < 30; i++) {
                        seed.record(TOPIC, p, T0 + i, "k" + i, "v" + p + "-" + i);
                        seed.record(REPLICA, p, T0 + i, "k" + i, "v" + p + "-" + i);
                        if (p == 1 && i == 14) {
                            seed.record(REPLICA, p, T0 + i, "k" + i, "v" + p + "-" + i); // a producer retry
                        }
                    }
                    seed.offsetSync(SYNCS, new TopicPartition(TOPIC, p), 10, 10);
                }
                // billing: at 20 everywhere; partition 2's checkpoint is of 25, before the group was moved back to 20
                seed.checkpoint(CHECKPOINTS, "billing", new TopicPartition(REPLICA, 0), 20, 11);
                seed.checkpoint(CHECKPOINTS, "billing", new TopicPartition(REPLICA, 1), 20, 11);
                seed.checkpoint(CHECKPOINTS, "billing", new TopicPartition(REPLICA, 2), 25, 11);
                // conflicted: MirrorMaker's translation is past what the records prove
                seed.checkpoint(CHECKPOINTS, "conflicted", new TopicPartition(REPLICA, 0), 20, 25);
            }
            Map<TopicPartition, OffsetAndMetadata> at20 = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                at20.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(20));
            }
            admin.alterConsumerGroupOffsets("billing", at20).all().get();
            admin.alterConsumerGroupOffsets("conflicted", Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(20))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aOneToOneCopyIsExactADuplicateKeepsTheTranslationAndAStaleCheckpointIsNotUsed() throws Exception {
        Cli run = Cli.run(args("--group", "billing", "-o", "json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode parts = JSON.readTree(run.out()).get("groups").get(0).get("partitions");
        assertThat(parts.get(0).get("method").asText()).isEqualTo("exact");
        assertThat(parts.get(0).get("position").asLong()).isEqualTo(20);
        assertThat(parts.get(0).get("avoided").asLong()).isEqualTo(9);
        assertThat(parts.get(1).get("method").asText()).isEqualTo("translation");
        assertThat(parts.get(1).get("position").asLong()).isEqualTo(11);
        assertThat(parts.get(1).get("note").asText()).contains("source record 15 and replica record 15 differ");
        assertThat(parts.get(1).get("reprocessed").isNull()).isTrue();
        // MirrorMaker's 11 is the translation of 25; the records prove 20, and nothing past it is committed
        assertThat(parts.get(2).get("translation").isNull()).isTrue();
        assertThat(parts.get(2).get("method").asText()).isEqualTo("exact");
        assertThat(parts.get(2).get("position").asLong()).isEqualTo(20);
    }

    @Test
    void theBoundOnComparedRecordsKeepsTheTranslationAndSaysSo() throws Exception {
        Cli run = Cli.run(args("--group", "billing", "--max-compare", "5", "-o", "json"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(64); // partition 2 has no usable translation then
        JsonNode p0 = JSON.readTree(run.out()).get("groups").get(0).get("partitions").get(0);
        assertThat(p0.get("method").asText()).isEqualTo("translation");
        assertThat(p0.get("compareBounded").asBoolean()).isTrue();
        assertThat(p0.get("note").asText()).contains("--max-compare 5");
        assertThat(run.err()).contains("cannot failover group 'billing'", "orders-2");
    }

    @Test
    void aProofThatContradictsTheCheckpointCommitsNeither() {
        Cli run = Cli.run(args("--group", "conflicted", "--execute", "--undo-file", dir.resolve("conflicted.csv").toString()));

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err().strip()).doesNotContain("\n").contains("disagree");
        assertThat(run.out()).doesNotContain("Offsets committed");
        assertThat(dir.resolve("conflicted.csv")).doesNotExist();
    }

    private static String[] args(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("dr", "failover", "--source-bootstrap-server",
                kafka.bootstrapServers(), "--target-bootstrap-server", kafka.bootstrapServers()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
