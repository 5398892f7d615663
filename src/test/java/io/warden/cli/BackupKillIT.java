package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.protect.BackupRecord;
import io.warden.protect.BackupVerifier;
import io.warden.protect.Manifest;
import io.warden.protect.Segment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given topics on cluster A with binary keys and values, tombstones, repeated headers, CreateTime
 * and LogAppendTime timestamps, transaction gaps, a compacted topic with compaction gaps and an
 * empty partition, when a Warden process backing them up is killed -9 at random points (after a
 * random number of segments, or while a segment is half written) and run again until it
 * finishes, then the backup verifies and holds exactly A's records at their offsets; and when a
 * Warden process restoring it into a fresh cluster B is killed -9 at random points while a
 * transaction is open and run again until it finishes, then B holds, read_committed, exactly A's
 * records in order, each once.
 *
 * <p>The kill points come from a seeded {@link Random}; the seed is printed and
 * {@code -Dwarden.kill.seed=N} repeats it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupKillIT {

    static final long SEED = Long.getLong("warden.kill.seed", System.nanoTime());
    static final int KILLS = 4;
    static final int SEGMENT_RECORDS = 50;
    static final int TRANSACTION_SIZE = 250;
    static final Map<String, Integer> TOPICS = Map.of("kill-orders", 3, "kill-ledger", 2, "kill-stamped", 2);
    static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    static final int KILLED = 128 + 9;

    @TempDir
    static Path tmp;

    static EmbeddedKafka source;
    static EmbeddedKafka target;
    static Random random;
    /** topic → partition → the committed records of the source, in offset order. */
    static final Map<String, Map<Integer, List<Rec>>> expected = new TreeMap<>();

    /** A record as compared: keys, values and header values in hex, "null" for null. */
    record Rec(long offset, String key, String value, List<String> headers, long timestamp, int timestampType) {

        static Rec of(ConsumerRecord<byte[], byte[]> r) {
            List<String> headers = new ArrayList<>();
            for (Header h : r.headers()) {
                headers.add(h.key() + "=" + hex(h.value()));
            }
            return new Rec(r.offset(), hex(r.key()), hex(r.value()), headers, r.timestamp(), r.timestampType().id);
        }

        static Rec of(BackupRecord r) {
            return new Rec(r.offset(), hex(r.key()), hex(r.value()),
                    r.headers().stream().map(h -> h.key() + "=" + hex(h.value())).toList(), r.timestamp(), r.timestampType());
        }

        /** What a restore keeps: everything but the offset, and the timestamp unless the broker stamps it. */
        Rec restored(boolean logAppendTime) {
            return new Rec(-1, key, value, headers, logAppendTime ? -1 : timestamp, timestampType);
        }

        static String hex(byte[] b) {
            return b == null ? "null" : HexFormat.of().formatHex(b);
        }
    }

    @BeforeAll
    static void clusters() throws Exception {
        System.out.printf("BackupKillIT seed %d (repeat with -Dwarden.kill.seed=%d)%n", SEED, SEED);
        random = new Random(SEED);
        // the source cleans a dirty compacted log within a fraction of a second instead of 15 s
        source = EmbeddedKafka.start(1, Map.of("log.cleaner.backoff.ms", "100"));
        target = EmbeddedKafka.single();
        Random data = new Random(SEED);
        long t0 = System.currentTimeMillis() - Duration.ofHours(1).toMillis(); // recent: no time retention during the test
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", source.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("kill-orders", 3, (short) 1),
                    new NewTopic("kill-stamped", 2, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")),
                    // segments roll every 100 ms of record time, so the cleaner has closed segments to compact
                    new NewTopic("kill-ledger", 2, (short) 1).configs(Map.of("cleanup.policy", "compact", "segment.ms", "100",
                            "min.cleanable.dirty.ratio", "0.01", "min.compaction.lag.ms", "0"))));
            AtomicReference<Exception> failed = new AtomicReference<>();
            List<Set<String>> keys = List.of(new HashSet<>(), new HashSet<>());
            Callback remember = (metadata, e) -> failed.compareAndSet(null, e);
            try (KafkaProducer<byte[], byte[]> p = producer(null)) {
                for (int i = 0; i < 4000; i++) {
                    for (int partition = 0; partition < 2; partition++) { // partition 2 stays empty
                        byte[] key = i % 10 == 3 ? null : i % 10 == 4 ? new byte[0] : bytes(data, 8 + data.nextInt(9));
                        byte[] value = i % 7 == 5 ? null : bytes(data, data.nextInt(300));
                        RecordHeaders h = new RecordHeaders();
                        if (i % 3 != 0) {
                            h.add(new RecordHeader("h", new byte[] {0, (byte) i}));
                            h.add(new RecordHeader("x", null));
                            h.add(new RecordHeader("h", bytes(data, 2)));
                        }
                        Long timestamp = i % 11 == 0 ? null : t0 + i * 37L - partition;
                        p.send(new ProducerRecord<>("kill-orders", partition, timestamp, key, value, h), remember);
                    }
                    p.send(new ProducerRecord<>("kill-stamped", i % 2, null, bytes(data, 4), bytes(data, 40),
                            new RecordHeaders().add("n", Integer.toString(i).getBytes(StandardCharsets.UTF_8))), remember);
                    if (i == 2000) {
                        p.flush();
                        transactionGaps();
                    }
                }
                for (int i = 0; i < 3000; i++) {
                    byte[] value = i % 9 == 0 ? null : bytes(data, 1 + data.nextInt(60));
                    String key = "k" + data.nextInt(400); // last versions scattered: gaps between the survivors
                    keys.get(i % 2).add(key);
                    p.send(new ProducerRecord<>("kill-ledger", i % 2, t0 + i, key.getBytes(StandardCharsets.UTF_8), value), remember);
                }
                p.flush(); // the roll record must come in a batch of its own to start a new segment
                for (int partition = 0; partition < 2; partition++) { // rolls the last segment so all of it can be cleaned
                    p.send(new ProducerRecord<>("kill-ledger", partition, t0 + 600_000, "roll".getBytes(StandardCharsets.UTF_8),
                            (byte[]) null), remember);
                }
            }
            assertThat(failed.get()).as("a record for the source was not written").isNull();
            // compacted: each key of a partition left once, plus the roll record
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<Integer, List<Rec>> ledger = read(source, "kill-ledger", 2);
                return ledger.get(0).size() == keys.get(0).size() + 1 && ledger.get(1).size() == keys.get(1).size() + 1;
            });
            // back to default segments: the restored copy must not be compacted while the test compares it
            ConfigResource ledger = new ConfigResource(ConfigResource.Type.TOPIC, "kill-ledger");
            admin.incrementalAlterConfigs(Map.of(ledger, Stream.of("segment.ms", "min.cleanable.dirty.ratio", "min.compaction.lag.ms")
                    .map(n -> new AlterConfigOp(new ConfigEntry(n, null), AlterConfigOp.OpType.DELETE)).toList())).all().get();
        }
        TOPICS.forEach((topic, partitions) -> expected.put(topic, read(source, topic, partitions)));
        assertThat(expected.get("kill-orders").get(2)).isEmpty();
        assertThat(expected.get("kill-orders").get(1)).filteredOn(r -> r.key().equals(Rec.hex("committed".getBytes()))).hasSize(2);
        assertThat(expected.get("kill-orders").get(1)).noneMatch(r -> r.key().equals(Rec.hex("aborted".getBytes())));
        assertThat(gaps(expected.get("kill-orders").get(1))).isEqualTo(3 + 2); // three aborted, two markers
        assertThat(gaps(expected.get("kill-ledger").get(0))).isGreaterThan(100); // compacted away between the survivors
        assertThat(expected.get("kill-stamped").get(0).get(0).timestampType()).isEqualTo(1); // LogAppendTime
    }

    private static long gaps(List<Rec> records) {
        return records.get(records.size() - 1).offset() + 1 - records.get(0).offset() - records.size();
    }

    /** Aborted and committed transactions in the middle of kill-orders 1: gaps of aborted records and markers. */
    private static void transactionGaps() {
        try (KafkaProducer<byte[], byte[]> tx = producer("kill-tx")) {
            tx.initTransactions();
            tx.beginTransaction();
            for (int i = 0; i < 3; i++) {
                tx.send(new ProducerRecord<>("kill-orders", 1, "aborted".getBytes(), new byte[] {(byte) i}));
            }
            tx.flush();
            tx.abortTransaction();
            tx.beginTransaction();
            for (int i = 0; i < 2; i++) {
                tx.send(new ProducerRecord<>("kill-orders", 1, "committed".getBytes(), new byte[] {(byte) i}));
            }
            tx.commitTransaction();
        }
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    @Order(1)
    void aBackupKilledAtRandomPointsAndResumedHoldsExactlyTheSourceRecords() throws Exception {
        Path dir = tmp.resolve("backup");
        long totalSegments = expected.values().stream().flatMap(m -> m.values().stream())
                .mapToLong(records -> (records.size() + SEGMENT_RECORDS - 1) / SEGMENT_RECORDS).sum();
        String[] args = {"backup", "create", "-b", source.bootstrapServers(), "--topics", "kill-.*", "--to", dir.toString(),
            "--segment-records", Integer.toString(SEGMENT_RECORDS)};
        int leftHalfWritten = 0;
        List<String> killedAt = new ArrayList<>();
        long segments = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            long killAfter = segments + 1 + random.nextInt((int) Math.max(1, (totalSegments - segments) / (KILLS - kill + 1)));
            boolean midWrite = random.nextBoolean();
            String run = "backup-" + kill;
            Process warden = warden(run, args);
            long started = System.nanoTime();
            await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(1)).pollInSameThread().until(() -> !warden.isAlive()
                    || segments(dir) >= killAfter && (!midWrite || halfWritten(dir)) && killed(warden));
            assertThat(warden.exitValue()).as("backup %s ended before its kill point %d of %d segments: %s", run, killAfter,
                    totalSegments, output(run)).isEqualTo(KILLED);
            segments = segments(dir);
            killedAt.add(segments + " segments " + millisSince(started) + " ms");
            leftHalfWritten += halfWritten(dir) ? 1 : 0;
            assertThat(dir.resolve("manifest.json")).doesNotExist();
        }
        long started = System.nanoTime();
        Process last = warden("backup-last", args);
        assertThat(last.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(output("backup-last")).isZero();
        assertThat(output("backup-last")).contains("Resumed").contains("; complete,");
        System.out.printf("backup of %d segments killed -9 at %s, %d times with a segment half written; the last run took %d ms%n",
                totalSegments, killedAt, leftHalfWritten, millisSince(started));

        Cli verify = Cli.run("backup", "verify", dir.toString());
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).startsWith("OK");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).as("leftover temp files").isEmpty();
        }
        Manifest manifest = BackupVerifier.verify(dir).manifest();
        for (Manifest.Topic t : manifest.topics()) {
            for (Manifest.Partition p : t.partitions()) {
                List<Rec> inBackup = new ArrayList<>();
                for (Manifest.SegmentFile s : p.segments()) {
                    Segment.read(dir.resolve(s.file())).forEach(r -> inBackup.add(Rec.of(r)));
                }
                List<Rec> want = expected.get(t.name()).get(p.partition());
                assertSameRecords(t.name() + "-" + p.partition() + " in the backup", inBackup, want);
                assertThat(p.records()).isEqualTo(want.size());
            }
        }
    }

    @Test
    @Order(2)
    void aRestoreKilledAtRandomPointsMidTransactionAndResumedHoldsEachSourceRecordOnce() throws Exception {
        Path dir = tmp.resolve("backup"); // made by the first test, itself killed and resumed
        Manifest manifest = BackupVerifier.verify(dir).manifest();
        long total = manifest.topics().stream().flatMap(t -> t.partitions().stream()).mapToLong(Manifest.Partition::records).sum();
        // Small batches, one request in flight: a transaction's records take long to send and its commit
        // stays quick, so most kills land with a transaction open instead of just after it committed.
        Path slowSends = tmp.resolve("slow-sends.properties");
        Files.writeString(slowSends, "batch.size=2048\nlinger.ms=0\nmax.in.flight.requests.per.connection=1\n");
        String[] args = {"restore", dir.toString(), "-b", target.bootstrapServers(), "--execute",
            "--transaction-size", Integer.toString(TRANSACTION_SIZE), "--command-config", slowSends.toString()};
        List<TopicPartition> partitions = new ArrayList<>();
        TOPICS.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        });
        int midTransaction = 0;
        List<String> kills = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", target.bootstrapServers()))) {
            Offsets before = new Offsets(0, 0, Set.of());
            // a kill between two transactions proves less, so it does not count towards KILLS
            for (int run = 0; midTransaction < KILLS; run++) {
                assertThat(run).as("runs to land %d kills mid-transaction, so far %s", KILLS, kills).isLessThan(5 * KILLS);
                long stable = before.stable();
                long killAfter = stable + 1 + random.nextInt((int) Math.max(1, (total - stable) / (KILLS - midTransaction + 1)));
                long pastLastRun = before.high();
                String name = "restore-" + run;
                Process warden = warden(name, args);
                long started = System.nanoTime();
                await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(1)).pollInSameThread().until(() -> {
                    if (!warden.isAlive()) {
                        return true;
                    }
                    Offsets now = Offsets.of(admin, partitions);
                    // past what the killed run left open, so the open transaction is this run's
                    return now.stable() >= killAfter && now.stable() > pastLastRun && !now.open().isEmpty() && killed(warden);
                });
                assertThat(warden.exitValue()).as("restore %s ended before its kill point: %s", name, output(name)).isEqualTo(KILLED);
                before = Offsets.of(admin, partitions);
                boolean open = !before.open().isEmpty();
                kills.add("offset " + before.stable() + (open ? " mid-transaction " : " between transactions ") + millisSince(started)
                        + " ms");
                midTransaction += open ? 1 : 0;
            }
            long started = System.nanoTime();
            Process last = warden("restore-last", args);
            assertThat(last.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(output("restore-last")).isZero();
            assertThat(output("restore-last")).contains("restored before");
            System.out.printf("restore of %d records killed -9 at %s (summed last stable offsets); the last run took %d ms%n", total,
                    kills, millisSince(started));
            assertThat(Offsets.of(admin, partitions).open()).as("partitions with a transaction left open").isEmpty();
        }

        for (Manifest.Topic t : manifest.topics()) {
            boolean logAppendTime = "LogAppendTime".equals(t.configs().get("message.timestamp.type"));
            Map<Integer, List<Rec>> restored = read(target, t.name(), t.partitionCount());
            for (Manifest.Partition p : t.partitions()) {
                List<Rec> want = expected.get(t.name()).get(p.partition()).stream().map(r -> r.restored(logAppendTime)).toList();
                List<Rec> got = restored.get(p.partition()).stream().map(r -> r.restored(logAppendTime)).toList();
                assertSameRecords(t.name() + "-" + p.partition() + " restored", got, want);
                assertThat((long) got.size()).isEqualTo(p.records());
            }
        }
    }

    /** Names the first record that differs, not thousands of them. */
    private static void assertSameRecords(String what, List<Rec> got, List<Rec> want) {
        int i = 0;
        while (i < Math.min(got.size(), want.size()) && got.get(i).equals(want.get(i))) {
            i++;
        }
        if (i < got.size() || i < want.size()) {
            throw new AssertionError(what + ": " + got.size() + " records, the source has " + want.size() + "; first difference at #"
                    + i + ": " + (i < got.size() ? got.get(i) : "none") + " where the source has "
                    + (i < want.size() ? want.get(i) : "none"));
        }
    }

    /** Sums over the target partitions of the last stable offset and the high watermark, and the partitions between them. */
    record Offsets(long stable, long high, Set<TopicPartition> open) {

        static Offsets of(Admin admin, List<TopicPartition> partitions) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                // both at once: a transaction stays open for a few milliseconds only
                var committedFuture = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(2000));
                var writtenFuture = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED).timeoutMs(2000));
                var committed = committedFuture.all().get();
                var written = writtenFuture.all().get();
                return new Offsets(committed.values().stream().mapToLong(o -> o.offset()).sum(),
                        written.values().stream().mapToLong(o -> o.offset()).sum(),
                        Set.copyOf(partitions.stream().filter(tp -> written.get(tp).offset() > committed.get(tp).offset()).toList()));
            } catch (Exception e) { // topics not created yet
                return new Offsets(0, 0, Set.of());
            }
        }
    }

    private static Process warden(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.warden.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
    }

    /**
     * SIGKILL: no shutdown hook, no finally block, no flush. Sent from inside the condition that saw the
     * kill point, because a segment is half written and a transaction open for milliseconds only.
     */
    private static boolean killed(Process warden) throws InterruptedException {
        warden.destroyForcibly();
        return warden.waitFor(10, TimeUnit.SECONDS);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static String output(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".log"));
    }

    private static long segments(Path dir) throws IOException {
        return files(dir, ".seg");
    }

    private static boolean halfWritten(Path dir) throws IOException {
        return files(dir, ".seg.tmp") > 0;
    }

    private static long files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        } catch (java.io.UncheckedIOException e) { // a temp file renamed or deleted while listed
            return files(dir, suffix);
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", source.bootstrapServers(), "acks", "all",
                "linger.ms", 20));
        if (transactionalId != null) {
            props.put("transactional.id", transactionalId);
        } else {
            // on a loaded machine the idempotent producer was seen to drop a record after OutOfOrderSequence
            // errors; a retried duplicate is harmless here, since the expected records are read back from the source
            props.put("enable.idempotence", false);
        }
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every committed record of each partition, in offset order. */
    static Map<Integer, List<Rec>> read(EmbeddedKafka k, String topic, int partitions) {
        return CommittedRecords.read(k.bootstrapServers(), topic, partitions, Rec::of);
    }
}
