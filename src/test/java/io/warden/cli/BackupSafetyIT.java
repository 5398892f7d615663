package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.kafka.ConnectionSettings;
import io.warden.protect.BackupService;
import io.warden.protect.CutBounds;
import io.warden.protect.Segment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a source cluster A and a target cluster B whose broker checks time retention every half
 * second: an unfinished backup of A is not continued from B, nor after its topic was deleted and
 * created again; what the backup writes is its owner's alone; records the source deletes after the
 * cut and before the backup reads them are reported with their offsets; and a restore of month-old
 * records into a topic with time retention is refused until the operator chooses a retention (then
 * they outlive the broker's retention check) or to restore them anyway.
 */
class BackupSafetyIT {

    static final long DAY = Duration.ofDays(1).toMillis();
    static EmbeddedKafka a;
    static EmbeddedKafka b;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clusters() {
        // A keeps old records for the whole test; B checks retention twice a second, starting at once
        a = EmbeddedKafka.start(1, Map.of("log.retention.check.interval.ms", "3600000", "log.initial.task.delay.ms", "3600000"));
        b = EmbeddedKafka.start(1, Map.of("log.retention.check.interval.ms", "500", "log.initial.task.delay.ms", "100"));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void anUnfinishedBackupIsContinuedOnlyFromItsClusterAndWhatItWritesIsTheOwnersAlone() throws Exception {
        createTopic(a, "safe", 2);
        produce(a, "safe", 40, null);
        Path dir = tmp.resolve("new/safe");
        String[] options = {"backup", "create", "--topics", "safe", "--to", dir.toString(), "--segment-records", "5", "--parallelism", "1"};
        String[] backup = concat(options, "-b", a.bootstrapServers());
        Cli first = Cli.run(concat(backup, "--max-records", "10"));
        assertThat(first.out()).as(first.err()).contains("not complete");
        Map<Path, String> before = contents(dir);

        Cli fromB = Cli.run(concat(options, "-b", b.bootstrapServers()));
        assertThat(fromB.exitCode()).as(fromB.err()).isEqualTo(64);
        assertThat(fromB.err().strip().lines()).hasSize(1);
        assertThat(fromB.err()).contains(clusterId(a)).contains(clusterId(b)).contains("another --to");
        assertThat(contents(dir)).as("nothing appended").isEqualTo(before);

        Cli resumed = Cli.run(backup);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("complete, 80 records in the backup");
        Cli completeFromB = Cli.run(concat(options, "-b", b.bootstrapServers()));
        assertThat(completeFromB.exitCode()).as(completeFromB.err()).isEqualTo(64);
        assertThat(completeFromB.err()).contains(clusterId(b));
        assertThat(Cli.run("backup", "verify", dir.toString()).exitCode()).isZero();

        // every file 0600, every directory the backup made 0700 (new/ too), the topic ids kept for a resume
        try (Stream<Path> all = Files.walk(tmp.resolve("new"))) {
            for (Path p : all.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
        assertThat(new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()).at("/topics/0/topicId").asText()).isNotEmpty();
        Path baseline = tmp.resolve("drift/baseline.json");
        assertThat(Cli.run("drift", "snapshot", "-b", a.bootstrapServers(), "--to", baseline.toString()).exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(baseline))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(baseline.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void anUnfinishedBackupOfATopicCreatedAgainSinceItsCutIsNotContinued() throws Exception {
        Path dir = tmp.resolve("again");
        String[] backup = unfinishedBackup("again", 20, dir, 5);
        String idAtCut = new ObjectMapper().readTree(dir.resolve("cut.json").toFile()).at("/topics/0/topicId").asText();
        Map<Path, String> before = contents(dir);
        try (Admin admin = admin(a)) {
            admin.deleteTopics(List.of("again")).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains("again"));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> createTopic(a, "again", 1));
        produce(a, "again", 20, null);
        Cli resumed = Cli.run(backup);
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(64);
        assertThat(resumed.err()).contains(idAtCut).contains("deleted and created again");
        assertThat(resumed.err().strip().lines()).hasSize(1);
        assertThat(contents(dir)).isEqualTo(before);
    }

    @Test
    void recordsDeletedAfterTheCutAndBeforeTheCopierReachedThemAreReportedWithTheirOffsets() throws Exception {
        createTopic(a, "shrinking", 1);
        produce(a, "shrinking", 30, null);
        Path dir = tmp.resolve("shrinking");
        TopicPartition tp = new TopicPartition("shrinking", 0);
        // the cut is taken; before the consumer reads anything, retention deletes the first 12 offsets
        BackupService.Result r = new BackupService(ConnectionSettings.of(a.bootstrapServers(), null, Duration.ofSeconds(30)),
                Clock.systemUTC()).create(new BackupService.Options(Pattern.compile("shrinking"), dir, 1, Integer.MAX_VALUE,
                Long.MAX_VALUE, BackupService.SEGMENT_BYTES, CutBounds.NONE, Segment.Codec.LZ4), new BackupService.Listener() {
                    @Override
                    public void started(long offsetsToCopy) {
                        try (Admin admin = admin(a)) {
                            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(12))).all().get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public void segmentWritten(long records, long bytes) {
                    }
                });
        assertThat(r.complete()).isTrue();
        assertThat(r.recordsInBackup()).isEqualTo(18);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("shrinking-0: 12 offsets LOST during the backup (0 to 11)"));
        assertThat(r.offsetsLost()).singleElement().satisfies(l -> {
            assertThat(l.from()).isZero();
            assertThat(l.to()).isEqualTo(11);
            assertThat(l.offsets()).isEqualTo(12);
        });
        JsonNode partition = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()).at("/topics/0/partitions/0");
        assertThat(partition.get("offsetsLost").asLong()).isEqualTo(12);
        assertThat(partition.at("/lost/0/from").asLong()).isZero();
        assertThat(partition.at("/lost/0/to").asLong()).isEqualTo(11);
        assertThat(Cli.run("backup", "verify", dir.toString()).exitCode()).isZero();
    }

    @Test
    void aLossFoundByAResumedRunIsReportedAsAWarningInJsonAndByList() throws Exception {
        Path dir = tmp.resolve("retained");
        String[] backup = unfinishedBackup("retained", 30, dir, 10);
        try (Admin admin = admin(a)) {
            admin.deleteRecords(Map.of(new TopicPartition("retained", 0), RecordsToDelete.beforeOffset(20))).all().get();
        }
        Cli resumed = Cli.run(concat(backup, "-o", "json"));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("WARNING: retained-0: 10 offsets LOST during the backup (10 to 19)");
        JsonNode json = new ObjectMapper().readTree(resumed.out());
        assertThat(json.get("recordsInBackup").asLong()).isEqualTo(20);
        assertThat(json.at("/offsetsLost/0/from").asLong()).isEqualTo(10);
        assertThat(json.at("/offsetsLost/0/to").asLong()).isEqualTo(19);
        assertThat(json.at("/offsetsLost/0/offsets").asLong()).isEqualTo(10);
        assertThat(Cli.run("backup", "list", dir.toString()).out()).contains("LOST: retained-0: 10 offsets (10 to 19)");
        assertThat(Cli.run("backup", "verify", dir.toString()).exitCode()).isZero();
    }

    @Test
    void monthOldRecordsAreRefusedIntoTimeRetentionUntilTheOperatorChoosesAndWithRetentionMsMinusOneTheyStay() throws Exception {
        createTopic(a, "aged", 2);
        long monthAgo = System.currentTimeMillis() - 30 * DAY;
        producePartition(a, "aged", 0, 10, monthAgo);
        producePartition(a, "aged", 1, 10, monthAgo);
        producePartition(a, "aged", 1, 5, System.currentTimeMillis() - Duration.ofHours(1).toMillis());
        Path dir = tmp.resolve("aged");
        assertThat(Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "aged", "--to", dir.toString(),
                "--segment-records", "4").exitCode()).isZero();

        Cli plan = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(64);
        assertThat(plan.out()).containsPattern("aged\\s+aged\\s+2\\s+25\\s+20\\s+create")
                .contains("problem: aged: 20 of 25 records are older than retention.ms 604800000 (7 d, the broker's default for topics)")
                .contains("--retention-ms").contains("--allow-expired");
        JsonNode json = new ObjectMapper().readTree(Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "-o", "json").out());
        assertThat(json.at("/topics/0/expired").asText()).isEqualTo("20");
        assertThat(json.at("/topics/0/retentionMs").asLong()).isEqualTo(7 * DAY);

        Cli refused = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(64);
        assertThat(refused.err().strip().lines()).hasSize(1);
        assertThat(refused.err()).contains("restore refused: aged: at least").contains("older than retention.ms 604800000");
        try (Admin admin = admin(b)) {
            assertThat(admin.listTopics().names().get()).doesNotContain("aged");
            admin.createTopics(List.of(new NewTopic("aged-existing", 2, (short) 1))).all().get();
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.listTopics().names().get().contains("aged-existing"));
        }
        Cli existing = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--rename", "aged=aged-existing", "--execute",
                "--retention-ms", "-1");
        assertThat(existing.exitCode()).isEqualTo(64);
        assertThat(existing.err()).contains("raise aged-existing's retention.ms first");

        Cli kept = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--retention-ms", "-1");
        assertThat(kept.exitCode()).as(kept.err()).isZero();
        assertThat(kept.out()).contains("Restored 25 records");
        Cli allowed = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--allow-expired",
                "--rename", "aged=aged-allowed");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("warning: aged-allowed:").contains("(--allow-expired)");

        // B's retention check deletes the expired records of the topic created with the default retention...
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> logStart(b, new TopicPartition("aged-allowed", 0)) == 10);
        // ...and keeps every record of the one created with --retention-ms -1
        assertThat(topicConfig(b, "aged", "retention.ms")).isEqualTo("-1");
        assertThat(logStart(b, new TopicPartition("aged", 0))).isZero();
        assertThat(logStart(b, new TopicPartition("aged", 1))).isZero();
        Map<Integer, List<String>> restored = BackupIT.read(b, "aged", 2);
        assertThat(restored.get(0)).hasSize(10);
        assertThat(restored.get(1)).hasSize(15);
        assertThat(restored).isEqualTo(BackupIT.read(a, "aged", 2));
    }

    /** A topic of one partition with {@code records} records, backed up into {@code dir} as far as {@code copied}; the command to continue. */
    private static String[] unfinishedBackup(String topic, int records, Path dir, int copied) throws Exception {
        createTopic(a, topic, 1);
        produce(a, topic, records, null);
        String[] backup = {"backup", "create", "-b", a.bootstrapServers(), "--topics", topic, "--to", dir.toString(),
            "--segment-records", "5", "--parallelism", "1"};
        assertThat(Cli.run(concat(backup, "--max-records", Integer.toString(copied))).out()).contains("not complete");
        return backup;
    }

    private static String[] concat(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Every file below the directory with its content, to see that a refused run changed nothing. */
    private static Map<Path, String> contents(Path dir) throws Exception {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static String clusterId(EmbeddedKafka k) throws Exception {
        try (Admin admin = admin(k)) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static long logStart(EmbeddedKafka k, TopicPartition tp) throws Exception {
        try (Admin admin = admin(k)) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset();
        }
    }

    private static String topicConfig(EmbeddedKafka k, String topic, String name) throws Exception {
        try (Admin admin = admin(k)) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(r)).all().get().get(r).get(name).value();
        }
    }

    private static Admin admin(EmbeddedKafka k) {
        return Admin.create(Map.of("bootstrap.servers", k.bootstrapServers()));
    }

    private static void createTopic(EmbeddedKafka k, String name, int partitions) throws Exception {
        try (Admin admin = admin(k)) {
            ReadyTopics.create(admin, List.of(new NewTopic(name, partitions, (short) 1)));
        }
    }

    /** {@code count} records in each partition; with {@code t0} the i-th is stamped t0 + i ms. */
    private static void produce(EmbeddedKafka k, String topic, int count, Long t0) throws Exception {
        int partitions;
        try (Admin admin = admin(k)) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
        for (int p = 0; p < partitions; p++) {
            producePartition(k, topic, p, count, t0);
        }
    }

    private static void producePartition(EmbeddedKafka k, String topic, int partition, int count, Long t0) throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", k.bootstrapServers(), "acks", "all"));
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(topic, partition, t0 == null ? null : t0 + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("value " + i + " of " + topic).getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }
}
