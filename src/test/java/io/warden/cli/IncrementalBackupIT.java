package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a full backup of cluster A and records produced after it, when the operator takes an
 * incremental backup on top of it, then restoring the full one and then the incremental one into
 * cluster B gives the source's records, the incremental one alone is refused, offsets deleted in
 * between are reported as lost, a base of another cluster is refused, and --from/--until copy the
 * records of that time range.
 */
class IncrementalBackupIT {

    static final long T0 = 1_700_000_000_000L;
    static EmbeddedKafka a;
    static EmbeddedKafka b;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clusters() {
        a = EmbeddedKafka.single();
        b = EmbeddedKafka.single();
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void anIncrementalBackupRestoresOnTopOfItsBaseAndAloneIsRefused() throws Exception {
        createTopic(a, "inc", 2);
        produce(a, "inc", 0, 10, 0);
        Path full = tmp.resolve("full");
        Path incremental = tmp.resolve("incremental");
        Cli first = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "inc.*", "--to", full.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("complete, 20 records in the backup");

        produce(a, "inc", 10, 7, 0);
        createTopic(a, "inc-new", 1);
        produce(a, "inc-new", 0, 3, 0);
        Cli second = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "inc.*", "--to", incremental.toString(),
                "--incremental-from", full.toString(), "--segment-bytes", "200", "--parallelism", "2");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("complete, 17 records in the backup"); // 7 newer per partition of inc, 3 of the new topic
        assertThat(second.err()).doesNotContain("WARNING");
        try (Stream<Path> segments = Files.list(incremental.resolve("inc/0"))) {
            assertThat(segments.count()).as("segments cut at --segment-bytes").isGreaterThan(1);
        }
        Cli list = Cli.run("backup", "list", incremental.toString());
        assertThat(list.out()).contains("Incremental from " + full);
        JsonNode base = new ObjectMapper().readTree(incremental.resolve("manifest.json").toFile()).get("base");
        assertThat(base.get("dir").asText()).isEqualTo(full.toString());
        assertThat(base.get("clusterId").asText()).isEqualTo(new ObjectMapper().readTree(full.resolve("manifest.json").toFile())
                .get("clusterId").asText());
        assertThat(Cli.run("backup", "verify", incremental.toString()).exitCode()).isZero();

        Cli alone = Cli.run("restore", incremental.toString(), "-b", b.bootstrapServers(), "--execute");
        assertThat(alone.exitCode()).isEqualTo(64);
        assertThat(alone.err()).contains("this backup is incremental").contains(full.toString()).contains("restore the base here first");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", b.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("inc", "inc-new");
        }

        Cli restoreFull = Cli.run("restore", full.toString(), "-b", b.bootstrapServers(), "--execute");
        assertThat(restoreFull.exitCode()).as(restoreFull.err()).isZero();
        Cli restoreIncremental = Cli.run("restore", incremental.toString(), "-b", b.bootstrapServers(), "--execute");
        assertThat(restoreIncremental.exitCode()).as(restoreIncremental.err()).isZero();
        assertThat(restoreIncremental.out()).contains("Restored 17 records");
        assertThat(BackupIT.read(b, "inc", 2)).isEqualTo(BackupIT.read(a, "inc", 2));
        assertThat(BackupIT.read(b, "inc-new", 1)).isEqualTo(BackupIT.read(a, "inc-new", 1));

        // the restored copy on B is another cluster: it cannot be the base of a backup of A
        Path ofB = tmp.resolve("of-b");
        assertThat(Cli.run("backup", "create", "-b", b.bootstrapServers(), "--topics", "inc", "--to", ofB.toString()).exitCode())
                .isZero();
        Cli foreign = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "inc", "--to", tmp.resolve("x").toString(),
                "--incremental-from", ofB.toString());
        assertThat(foreign.exitCode()).isEqualTo(64);
        assertThat(foreign.err()).contains("is a backup of cluster").contains("this is cluster").contains("take a full backup");
    }

    @Test
    void offsetsDeletedBetweenTheTwoBackupsAreReportedAsLostAndAnUnfinishedBaseIsRefused() throws Exception {
        createTopic(a, "lossy", 1);
        produce(a, "lossy", 0, 5, 0);
        Path full = tmp.resolve("lossy-full");
        assertThat(Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "lossy", "--to", full.toString()).exitCode())
                .isZero();
        produce(a, "lossy", 5, 5, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", a.bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition("lossy", 0), RecordsToDelete.beforeOffset(8))).all().get();
        }
        Path incremental = tmp.resolve("lossy-incremental");
        Cli run = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "lossy", "--to", incremental.toString(),
                "--incremental-from", full.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("WARNING: lossy-0: 3 offsets LOST between the two backups (5 to 7)");
        assertThat(run.out()).contains("complete, 2 records in the backup");
        JsonNode partition = new ObjectMapper().readTree(incremental.resolve("manifest.json").toFile())
                .at("/topics/0/partitions/0");
        assertThat(partition.get("offsetsLost").asLong()).isEqualTo(3);
        assertThat(partition.get("startOffset").asLong()).isEqualTo(8);
        assertThat(partition.at("/lost/0/from").asLong()).isEqualTo(5);
        assertThat(partition.at("/lost/0/to").asLong()).isEqualTo(7);
        assertThat(Cli.run("backup", "list", incremental.toString()).out()).contains("LOST: lossy-0: 3 offsets (5 to 7)");

        Path unfinished = tmp.resolve("unfinished");
        assertThat(Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "inc.*|lossy", "--to", unfinished.toString(),
                "--max-records", "1", "--segment-records", "1", "--parallelism", "1").out()).contains("not complete");
        Cli onUnfinished = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "lossy", "--to",
                tmp.resolve("y").toString(), "--incremental-from", unfinished.toString());
        assertThat(onUnfinished.exitCode()).isEqualTo(64);
        assertThat(onUnfinished.err()).contains("is not a complete backup").contains("finish it");
    }

    @Test
    void fromAndUntilCopyExactlyTheRecordsOfThatTimeRange() throws Exception {
        createTopic(a, "timed", 2);
        produce(a, "timed", 0, 10, T0); // timestamps T0, T0+1s, ... T0+9s in both partitions
        Path dir = tmp.resolve("timed");
        Cli run = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "timed", "--to", dir.toString(),
                "--from", Instant.ofEpochMilli(T0 + 3000).toString(), "--until", Instant.ofEpochMilli(T0 + 6500).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Cli list = Cli.run("backup", "list", dir.toString());
        assertThat(list.out()).contains("Records from " + Instant.ofEpochMilli(T0 + 3000) + " until " + Instant.ofEpochMilli(T0 + 6500));
        assertThat(Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--rename", "timed=timed-r", "--execute",
                "--retention-ms", "-1").exitCode())
                .isZero();
        Map<Integer, List<String>> restored = BackupIT.read(b, "timed-r", 2);
        for (int p = 0; p < 2; p++) {
            assertThat(restored.get(p)).extracting(r -> Long.parseLong(r.split("\\|")[3]))
                    .containsExactly(T0 + 3000, T0 + 4000, T0 + 5000, T0 + 6000);
        }
        Cli backwards = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "timed", "--to", tmp.resolve("z").toString(),
                "--from", "1h", "--until", "2h");
        assertThat(backwards.exitCode()).isEqualTo(64);
        assertThat(backwards.err()).contains("is not before --until");
    }

    private static void createTopic(EmbeddedKafka k, String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", k.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic(name, partitions, (short) 1)));
        }
    }

    /** {@code count} records per partition, numbered from {@code first}; with {@code t0} the i-th has timestamp t0 + i seconds. */
    private static void produce(EmbeddedKafka k, String topic, int first, int count, long t0) throws Exception {
        int partitions;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", k.bootstrapServers()))) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", k.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = first; i < first + count; i++) {
                for (int partition = 0; partition < partitions; partition++) {
                    p.send(new ProducerRecord<>(topic, partition, t0 == 0 ? null : t0 + (i - first) * 1000L,
                            ("k" + i).getBytes(StandardCharsets.UTF_8), ("value " + i + " of " + topic).getBytes(StandardCharsets.UTF_8)));
                }
            }
            p.flush();
        }
    }
}
