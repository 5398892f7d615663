package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given topics on cluster A with binary data, tombstones, repeated headers, an aborted
 * transaction, an empty partition and a moved log start, when the operator backs them up and
 * restores them into a fresh cluster B, then every partition holds the same records in the same
 * order; interrupted backups and restores finish identical on a re-run, and a damaged backup is
 * reported and refused.
 */
class BackupIT {

    static EmbeddedKafka a;
    static EmbeddedKafka b;
    static Map<String, Map<Integer, List<String>>> expected = new TreeMap<>();
    static final long T0 = 1_600_000_000_000L;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clusters() throws Exception {
        a = EmbeddedKafka.single();
        // records from 2020 restored with --allow-expired stay while the test reads them
        b = EmbeddedKafka.start(1, Map.of("log.initial.task.delay.ms", "3600000"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", a.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 3, (short) 1),
                    new NewTopic("ledger", 2, (short) 1).configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", "-1"))));
            Random random = new Random(42);
            try (KafkaProducer<byte[], byte[]> p = producer(a, null)) {
                for (int i = 0; i < 30; i++) {
                    byte[] key = i % 10 == 3 ? null : i % 10 == 4 ? new byte[0] : bytes(random, 8);
                    byte[] value = i % 7 == 5 ? null : bytes(random, 1 + random.nextInt(200));
                    RecordHeaders h = new RecordHeaders();
                    h.add(new RecordHeader("h", new byte[] {0, (byte) i}));
                    h.add(new RecordHeader("x", null));
                    h.add(new RecordHeader("h", new byte[] {(byte) 0xff}));
                    p.send(new ProducerRecord<>("orders", 0, T0 + i * 1000L, key, value, h));
                    if (i < 5) {
                        p.send(new ProducerRecord<>("orders", 1, T0 - i, bytes(random, 3), bytes(random, 3)));
                    }
                }
                for (int i = 0; i < 20; i++) {
                    byte[] value = i % 6 == 0 ? null : ("v" + i).getBytes(StandardCharsets.UTF_8);
                    p.send(new ProducerRecord<>("ledger", i % 2, T0 + i, ("k" + i % 5).getBytes(StandardCharsets.UTF_8), value));
                }
                p.flush();
            }
            try (KafkaProducer<byte[], byte[]> tx = producer(a, "test-tx")) {
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>("orders", 0, T0, "aborted".getBytes(), "aborted".getBytes()));
                tx.flush();
                tx.abortTransaction();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>("orders", 0, T0 + 99_000, "committed".getBytes(), "committed".getBytes()));
                tx.commitTransaction();
            }
            admin.deleteRecords(Map.of(new TopicPartition("ledger", 0), RecordsToDelete.beforeOffset(4))).all().get();
        }
        expected.put("orders", read(a, "orders", 3));
        expected.put("ledger", read(a, "ledger", 2));
        assertThat(expected.get("orders").get(0)).hasSize(31);
        assertThat(expected.get("orders").get(2)).isEmpty();
        assertThat(expected.get("ledger").get(0)).hasSize(6);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void backupRestoredIntoAFreshClusterIsIdenticalAndARerunAddsNothing() throws Exception {
        Path dir = tmp.resolve("full");
        Cli created = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "orders|ledger", "--to", dir.toString(),
                "--segment-records", "4");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("complete, 52 records in the backup");
        assertThat(created.err()).contains("backup 100% 52/52 records");
        assertThat(Files.exists(dir.resolve("orders/0/00000000000000000000.seg"))).isTrue();

        Cli list = Cli.run("backup", "list", dir.toString());
        assertThat(list.out()).contains("ledger").contains("cleanup.policy=compact,delete").containsPattern("ledger\\s+0\\s+4\\s+");
        Cli verify = Cli.run("backup", "verify", dir.toString());
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("OK");

        // the records are from 2020: the topics the restore creates keep them for ever, not for the broker's default 7 days
        Cli old = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers());
        assertThat(old.exitCode()).isEqualTo(64);
        assertThat(old.out()).contains("problem: orders: 36 of 36 records are older than retention.ms 604800000").doesNotContain("ledger:");
        Cli plan = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--retention-ms", "-1");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("create").contains("Nothing was changed");
        Cli typo = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--rename", "order=x");
        assertThat(typo.exitCode()).isEqualTo(64);
        assertThat(typo.out()).contains("problem: --rename order: no such topic");

        Cli restored = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--retention-ms", "-1",
                "--transaction-size", "5",
                "--config", auditConfig().toString());
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("Restored 52 records");
        assertThat(read(b, "orders", 3)).isEqualTo(expected.get("orders"));
        assertThat(read(b, "ledger", 2)).isEqualTo(expected.get("ledger"));
        assertThat(topicConfig(b, "ledger").get("cleanup.policy").value()).isEqualTo("compact,delete");
        assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("restore.data");

        Cli again = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "-o", "json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(again.out());
        assertThat(json.get("restored").asLong()).isZero();
        assertThat(json.get("alreadyRestored").asLong()).isEqualTo(52);
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.get("plan").get("dir").asText()).isEqualTo(dir.toString());
        assertThat(read(b, "orders", 3)).isEqualTo(expected.get("orders"));
    }

    @Test
    void anInterruptedBackupAndAnInterruptedRestoreFinishIdenticalOnARerun() throws Exception {
        Path dir = tmp.resolve("resumed");
        String[] backup = {"backup", "create", "-b", a.bootstrapServers(), "--topics", "orders|ledger", "--to", dir.toString(),
            "--segment-records", "4", "--parallelism", "1", "--max-records", "8"};
        Cli first = Cli.run(backup);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("not complete");
        assertThat(Files.exists(dir.resolve("manifest.json"))).isFalse();
        Files.writeString(dir.resolve("orders/0/00000000000000000099.seg.tmp"), "half-written"); // a crash mid-write
        Cli otherTopics = Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "orders", "--to", dir.toString());
        assertThat(otherTopics.exitCode()).isEqualTo(64);
        assertThat(otherTopics.err()).contains("unfinished backup").contains("[ledger]");
        String[] resume = Arrays.copyOf(backup, backup.length + 2);
        resume[resume.length - 4] = "-o";
        resume[resume.length - 3] = "json";
        resume[resume.length - 2] = "--compression"; // the rest of the backup in the other codec: a restore reads both
        resume[resume.length - 1] = "zstd";
        Cli second = Cli.run(resume);
        assertThat(second.exitCode()).as(second.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(second.out());
        assertThat(json.get("resumed").asBoolean()).isTrue();
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.get("recordsInBackup").asLong()).isEqualTo(52);
        java.util.regex.Matcher firstRun = java.util.regex.Pattern.compile(": (\\d+) records \\(").matcher(first.out());
        assertThat(firstRun.find()).as(first.out()).isTrue();
        assertThat(json.get("recordsThisRun").asLong()).isEqualTo(52 - Long.parseLong(firstRun.group(1)));
        assertThat(Cli.run("backup", "verify", dir.toString()).exitCode()).isZero();

        String[] restore = {"restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--retention-ms", "-1",
            "--rename", "orders=orders-r",
            "--rename", "ledger=ledger-r", "--transaction-size", "3", "--max-records", "7"};
        Cli partial = Cli.run(restore);
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("run again to continue");
        // a run that dies with a transaction open: its records never become visible, the next run fences it
        java.util.regex.Matcher group = java.util.regex.Pattern.compile("group (warden-restore-\\w+)").matcher(partial.out());
        assertThat(group.find()).isTrue();
        KafkaProducer<byte[], byte[]> crashed = producer(b, group.group(1));
        crashed.initTransactions();
        crashed.beginTransaction();
        crashed.send(new ProducerRecord<>("orders-r", 0, "half".getBytes(), "done".getBytes()));
        crashed.flush();
        Cli rest = Cli.run(Arrays.copyOf(restore, restore.length - 2));
        crashed.close(Duration.ZERO);
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(read(b, "orders-r", 3)).isEqualTo(expected.get("orders"));
        assertThat(read(b, "ledger-r", 2)).isEqualTo(expected.get("ledger"));
    }

    @Test
    void aDamagedSegmentIsReportedWithItsFileAndPositionAndRestoreRefusesIt() throws Exception {
        Path dir = tmp.resolve("damaged");
        assertThat(Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "orders", "--to", dir.toString(),
                "--segment-records", "4").exitCode()).isZero();
        List<Path> segments;
        try (var files = Files.list(dir.resolve("orders/0"))) {
            segments = files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThan(4);
        Path segment = segments.get(segments.size() - 1); // the one a restore reaches last
        byte[] data = Files.readAllBytes(segment);
        data[data.length / 2] ^= 0x5a;
        Files.write(segment, data);
        String name = segment.getFileName().toString();

        Cli verify = Cli.run("backup", "verify", dir.toString());
        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.out()).contains("CORRUPT").contains(name).containsPattern("(byte|frame) \\d+").contains("CRITICAL");

        // into a topic it creates, the restore sends at once and checks the rest before its first commit (here after two
        // records): refused with nothing committed, and the topic is gone again
        Cli restore = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--retention-ms", "-1",
                "--rename", "orders=orders-d",
                "--transaction-size", "2");
        assertThat(restore.exitCode()).as(restore.err()).isEqualTo(65);
        assertThat(restore.err()).contains("fails verification").contains(name).contains("deleted again: [orders-d]");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", b.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("orders-d");
            // into an existing topic, the check comes first: not a record is sent
            // until the broker knows it, the restore would take it for missing and try to create it
            ReadyTopics.create(admin, List.of(new NewTopic("orders-e", 3, (short) 1)));
            Cli append = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--allow-expired",
                    "--rename", "orders=orders-e");
            assertThat(append.exitCode()).as(append.err()).isEqualTo(65);
            assertThat(append.err()).contains("fails verification").contains(name).doesNotContain("deleted");
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                ends.put(new TopicPartition("orders-e", p), OffsetSpec.latest());
            }
            assertThat(admin.listOffsets(ends).all().get().values()).allSatisfy(e -> assertThat(e.offset()).isZero());
        }
    }

    @Test
    void anExistingTopicWithFewerPartitionsIsRefusedAndLogAppendTimeIsWarnedAbout() throws Exception {
        Path dir = tmp.resolve("plans");
        assertThat(Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "orders", "--to", dir.toString()).exitCode())
                .isZero();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", b.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders-small", 2, (short) 1),
                    new NewTopic("orders-lat", 4, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime"))));
        }
        Cli small = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--rename", "orders=orders-small", "--execute");
        assertThat(small.exitCode()).isEqualTo(64);
        assertThat(small.err()).contains("orders-small has 2 partitions, the backup needs 3");
        Cli lat = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--rename", "orders=orders-lat");
        assertThat(lat.exitCode()).isZero();
        assertThat(lat.out()).contains("append").contains("warning: orders-lat uses LogAppendTime");
    }

    @Test
    void aConfigThatDoesNotLoadStopsTheRestoreBeforeARecordIsSentAndTheRecordComesAfterTheResult() throws Exception {
        Path dir = tmp.resolve("audited");
        assertThat(Cli.run("backup", "create", "-b", a.bootstrapServers(), "--topics", "orders", "--to", dir.toString()).exitCode())
                .isZero();
        Path unset = Files.writeString(tmp.resolve("unset.yaml"), "audit:\n  file: ${WARDEN_TEST_SURELY_UNSET}/a.jsonl\n");

        Cli refused = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--retention-ms", "-1",
                "--rename", "orders=orders-audited", "--config", unset.toString());

        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(78);
        assertThat(refused.err()).contains("WARDEN_TEST_SURELY_UNSET");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", b.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("orders-audited");
        }
        Cli done = Cli.run("restore", dir.toString(), "-b", b.bootstrapServers(), "--execute", "--retention-ms", "-1",
                "--rename", "orders=orders-audited", "--config", auditConfig().toString());
        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.out()).contains("Restored ");
        assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("\"type\":\"restore.data\"", "orders->orders-audited");
    }

    private Path auditConfig() throws IOException {
        Path config = tmp.resolve("warden.yaml");
        Files.writeString(config, "audit:\n  file: " + tmp.resolve("audit.jsonl") + "\n");
        return config;
    }

    private static Map<String, org.apache.kafka.clients.admin.ConfigEntry> topicConfig(EmbeddedKafka k, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", k.bootstrapServers()))) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
            Map<String, org.apache.kafka.clients.admin.ConfigEntry> out = new HashMap<>();
            c.entries().forEach(e -> out.put(e.name(), e));
            return out;
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka k, String transactionalId) {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", k.bootstrapServers(), "acks", "all"));
        if (transactionalId != null) {
            props.put("transactional.id", transactionalId);
        }
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every committed record of each partition, in order, as key|value|headers|timestamp|type. */
    static Map<Integer, List<String>> read(EmbeddedKafka k, String topic, int partitions) {
        return CommittedRecords.read(k.bootstrapServers(), topic, partitions, r -> {
            List<String> headers = new ArrayList<>();
            for (Header h : r.headers()) {
                headers.add(h.key() + "=" + Arrays.toString(h.value()));
            }
            return Arrays.toString(r.key()) + "|" + Arrays.toString(r.value()) + "|" + headers + "|" + r.timestamp() + "|"
                    + r.timestampType();
        });
    }

}
