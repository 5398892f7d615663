package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.warden.audit.AuditReader;
import io.warden.kafka.ConnectionSettings;
import io.warden.runbook.dlq.ReplayService;
import io.warden.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Given dead-letter topics written the way Spring Kafka and Kafka Connect write them, when the
 * operator inspects, replays and purges them, then the errors are grouped, the records go back
 * byte for byte exactly once, and only replayed records are deleted.
 */
class DlqIT {

    static EmbeddedKafka kafka;
    static Admin admin;
    static KafkaProducer<byte[], byte[]> producer;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void cluster() {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        admin.close();
        kafka.close();
    }

    static void topics(String... nameAndPartitions) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < nameAndPartitions.length; i += 2) {
            topics.add(new NewTopic(nameAndPartitions[i], Integer.parseInt(nameAndPartitions[i + 1]), (short) 1));
        }
        ReadyTopics.create(admin, topics);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A record as Spring Kafka's DeadLetterPublishingRecoverer writes it, plus an application header. */
    static void spring(String dlq, int dlqPartition, String error, String from, int partition, long offset, byte[] key, byte[] value)
            throws Exception {
        var h = new RecordHeaders();
        h.add("trace-id", utf8("t-" + offset));
        h.add("kafka_dlt-exception-fqcn", utf8(error));
        h.add("kafka_dlt-exception-message", utf8("failed at " + offset));
        h.add("kafka_dlt-exception-stacktrace", utf8(error + "\n\tat org.example.Listener.on(Listener.java:42)"));
        h.add("kafka_dlt-original-topic", utf8(from));
        h.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(partition).array());
        h.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(offset).array());
        h.add("kafka_dlt-original-timestamp", ByteBuffer.allocate(8).putLong(1_700_000_000_000L).array());
        producer.send(new ProducerRecord<>(dlq, dlqPartition, null, key, value, h)).get();
    }

    /** A record as a Kafka Connect sink's dead-letter queue writes it with context headers enabled. */
    static void connect(String dlq, String error, String from, int partition, long offset, byte[] key, byte[] value) throws Exception {
        var h = new RecordHeaders();
        h.add("__connect.errors.topic", utf8(from));
        h.add("__connect.errors.partition", utf8(Integer.toString(partition)));
        h.add("__connect.errors.offset", utf8(Long.toString(offset)));
        h.add("__connect.errors.connector.name", utf8("jdbc-sink"));
        h.add("__connect.errors.task.id", utf8("0"));
        h.add("__connect.errors.stage", utf8("VALUE_CONVERTER"));
        h.add("__connect.errors.exception.class.name", utf8(error));
        h.add("__connect.errors.exception.message", utf8("Converting byte[] to Kafka Connect data failed"));
        producer.send(new ProducerRecord<>(dlq, 0, null, key, value, h)).get();
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolation) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("isolation.level", isolation);
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                return parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
            return out;
        }
    }

    @Test
    void inspectGroupsSpringAndConnectRecordsByErrorAndRendersBinarySafely() throws Exception {
        topics("inspect.DLT", "2");
        for (int i = 0; i < 6; i++) {
            spring("inspect.DLT", i % 2, "org.example.ValidationException", "orders", i % 3, 100 + i, utf8("order-" + i), utf8("{\"n\":" + i + "}"));
        }
        for (int i = 0; i < 3; i++) {
            spring("inspect.DLT", 0, "java.net.SocketTimeoutException", "orders", 0, 200 + i, utf8("order-t" + i), utf8("{}"));
        }
        connect("inspect.DLT", "org.apache.kafka.connect.errors.DataException", "payments", 1, 7,
                new byte[] {0, 0, 0, 0, 1}, new byte[] {0, 0, 0, 0, 2, (byte) 0xfe, 0x1b});

        Cli cli = Cli.run("dlq", "inspect", "inspect.DLT", "-b", kafka.bootstrapServers(), "--sample", "20", "-o", "json");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode r = JSON.readTree(cli.out());
        assertThat(r.get("depth").asLong()).isEqualTo(10);
        assertThat(r.get("partitions")).hasSize(2);
        assertThat(r.get("capped").asBoolean()).isFalse();
        JsonNode errors = r.get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("error").asText()).isEqualTo("org.example.ValidationException");
        assertThat(errors.get(0).get("count").asLong()).isEqualTo(6);
        assertThat(errors.get(0).get("source").asText()).isEqualTo("spring");
        assertThat(errors.get(0).get("originalTopics").get(0).asText()).isEqualTo("orders");
        assertThat(errors.get(1).get("error").asText()).isEqualTo("java.net.SocketTimeoutException");
        assertThat(errors.get(1).get("count").asLong()).isEqualTo(3);
        assertThat(errors.get(2).get("source").asText()).isEqualTo("connect");
        assertThat(errors.get(2).get("originalTopics").get(0).asText()).isEqualTo("payments");
        JsonNode binary = null;
        for (JsonNode s : r.get("sample")) {
            if (s.get("deadLetter").get("source").asText().equals("connect")) {
                binary = s;
            }
        }
        assertThat(binary).isNotNull();
        assertThat(binary.get("key").asText()).isEqualTo("hex:0000000001");
        assertThat(binary.get("value").asText()).isEqualTo("hex:0000000002fe1b");
        assertThat(binary.get("deadLetter").get("originalOffset").asLong()).isEqualTo(7);

        Cli table = Cli.run("dlq", "inspect", "inspect.DLT", "-b", kafka.bootstrapServers(), "--max-records", "4");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("depth=10", "the --max-records cap was hit", "org.example.ValidationException")
                .doesNotContain("\u001b");
    }

    @Test
    void readingOnlyTheNewestRecordsCountsWhatFailsNowAndStillDatesTheOldest() throws Exception {
        topics("newest.DLT", "2");
        long old = 1_700_000_000_000L;
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 5; i++) {
                var h = new RecordHeaders();
                h.add("kafka_dlt-exception-fqcn", utf8(i < 3 ? "org.example.OldException" : "org.example.NewException"));
                producer.send(new ProducerRecord<>("newest.DLT", p, old + i * 60_000L + p, utf8("k"), utf8("v"), h)).get();
            }
        }

        var read = new io.warden.runbook.dlq.InspectService(new io.warden.kafka.ConnectionSettings(kafka.bootstrapServers(),
                Map.of(), Duration.ofSeconds(10)), java.time.Clock.systemUTC())
                .inspect("newest.DLT", new io.warden.runbook.dlq.InspectService.Options(0, null, 4, 200, true));

        assertThat(read.depth()).isEqualTo(10);
        assertThat(read.recordsRead()).isEqualTo(4);
        assertThat(read.capped()).isTrue();
        assertThat(read.errors()).singleElement().satisfies(e -> {
            assertThat(e.error()).isEqualTo("org.example.NewException");
            assertThat(e.count()).isEqualTo(4);
        });
        assertThat(read.oldest()).as("from each partition's first record").isEqualTo(java.time.Instant.ofEpochMilli(old));
        assertThat(read.newest()).isEqualTo(java.time.Instant.ofEpochMilli(old + 4 * 60_000L + 1));
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void replayCopiesKeysValuesAndHeadersByteForByteToTheOriginalPartitions(@TempDir Path dir) throws Exception {
        topics("orders-r", "3", "orders-r.DLT", "1");
        byte[] binaryKey = {0, (byte) 0x80, 1};
        byte[] binaryValue = {0, 0, 0, 0, 7, (byte) 0xff, 0x1b, 0};
        spring("orders-r.DLT", 0, "org.example.ValidationException", "orders-r", 2, 40, binaryKey, binaryValue);
        spring("orders-r.DLT", 0, "org.example.ValidationException", "orders-r", 1, 41, utf8("k1"), utf8("v1"));
        spring("orders-r.DLT", 0, "org.example.ValidationException", "orders-r", 0, 42, null, null);
        Path config = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");

        Cli plan = Cli.run("dlq", "replay", "orders-r.DLT", "-b", kafka.bootstrapServers());
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("replay 3 records", "orders-r", "add --execute");
        assertThat(readAll("orders-r", "read_committed")).isEmpty();

        Cli run = Cli.run("dlq", "replay", "orders-r.DLT", "-b", kafka.bootstrapServers(), "--execute", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Replayed 3 records");

        List<ConsumerRecord<byte[], byte[]>> replayed = readAll("orders-r", "read_committed");
        assertThat(replayed).hasSize(3);
        ConsumerRecord<byte[], byte[]> first = replayed.stream().filter(r -> r.partition() == 2).findFirst().orElseThrow();
        assertThat(first.key()).isEqualTo(binaryKey);
        assertThat(first.value()).isEqualTo(binaryValue);
        assertThat(Arrays.stream(first.headers().toArray()).map(Header::key))
                .containsExactly("trace-id", "warden-replayed-from", "warden-replay-id");
        assertThat(first.headers().lastHeader("trace-id").value()).isEqualTo(utf8("t-40"));
        assertThat(header(first, "warden-replayed-from")).isEqualTo("orders-r.DLT-0@0");
        ConsumerRecord<byte[], byte[]> nulls = replayed.stream().filter(r -> r.partition() == 0).findFirst().orElseThrow();
        assertThat(nulls.key()).isNull();
        assertThat(nulls.value()).isNull();
        assertThat(replayed.stream().filter(r -> r.partition() == 1).findFirst().orElseThrow().value()).isEqualTo(utf8("v1"));

        assertThat(AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("dlq.replay");
            assertThat(e.key()).isEqualTo("orders-r.DLT");
            assertThat(e.data()).containsEntry("replayed", 3);
        });

        // the progress is committed: a second run finds nothing to do
        Cli again = Cli.run("dlq", "replay", "orders-r.DLT", "-b", kafka.bootstrapServers(), "--execute", "--config", config.toString());
        assertThat(again.out()).contains("Replayed 0 records");
        assertThat(readAll("orders-r", "read_committed")).hasSize(3);
    }

    @Test
    void aReplayInterruptedAfterTheAcknowledgementAndBeforeTheCommitResumesWithoutDuplicates() throws Exception {
        topics("orders-c", "2", "orders-c.DLT", "2");
        for (int i = 0; i < 20; i++) {
            spring("orders-c.DLT", i % 2, "java.net.SocketTimeoutException", "orders-c", i % 2, i, utf8("k" + i), utf8("v" + i));
        }
        ConnectionSettings settings = ConnectionSettings.of(kafka.bootstrapServers(), null, Duration.ofSeconds(10));
        ReplayService service = new ReplayService(settings, Clock.systemUTC());
        var options = new ReplayService.Options(null, null, false, io.warden.runbook.dlq.ReplayFilter.none(), null, null,
                Long.MAX_VALUE, false, 3);

        // the process "dies" once the brokers acknowledged the second transaction's records, before its commit
        assertThatThrownBy(() -> service.replay("orders-c.DLT", options, new ReplayService.Listener() {
            @Override
            public void committing(long replayedBefore) {
                if (replayedBefore == 3) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        })).isInstanceOf(WardenException.class).hasMessageContaining("3 records were replayed and committed");
        assertThat(readAll("orders-c", "read_committed")).hasSize(3);
        // the aborted records are in the log: a read_uncommitted consumer sees them
        assertThat(readAll("orders-c", "read_uncommitted")).hasSize(6);

        Cli partial = Cli.run("dlq", "replay", "orders-c.DLT", "-b", kafka.bootstrapServers(), "--execute", "--max-records", "5");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("Replayed 5 records", "run again to continue");
        Cli rest = Cli.run("dlq", "replay", "orders-c.DLT", "-b", kafka.bootstrapServers(), "--execute");
        assertThat(rest.out()).contains("Replayed 12 records");

        List<ConsumerRecord<byte[], byte[]>> replayed = readAll("orders-c", "read_committed");
        Set<String> from = new HashSet<>();
        replayed.forEach(r -> from.add(header(r, "warden-replayed-from")));
        assertThat(replayed).hasSize(20);
        assertThat(from).hasSize(20);
        for (ConsumerRecord<byte[], byte[]> r : replayed) {
            int n = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(1));
            assertThat(r.partition()).isEqualTo(n % 2);
            assertThat(r.value()).isEqualTo(utf8("v" + n));
        }
    }

    @Test
    void filtersSelectByErrorClassAndHeaderAndTheRestStays() throws Exception {
        topics("orders-f", "1", "orders-f.DLT", "1");
        spring("orders-f.DLT", 0, "java.net.SocketTimeoutException", "orders-f", 0, 1, utf8("a"), utf8("1"));
        spring("orders-f.DLT", 0, "org.example.ValidationException", "orders-f", 0, 2, utf8("b"), utf8("2"));
        spring("orders-f.DLT", 0, "java.net.ConnectException", "orders-f", 0, 3, utf8("c"), utf8("3"));

        Cli plan = Cli.run("dlq", "replay", "orders-f.DLT", "-b", kafka.bootstrapServers(), "--error-class", "java\\.net\\..*",
                "-o", "json");
        JsonNode p = JSON.readTree(plan.out());
        assertThat(p.get("matching").asLong()).isEqualTo(2);
        assertThat(p.get("skippedByFilter").asLong()).isEqualTo(1);

        Cli run = Cli.run("dlq", "replay", "orders-f.DLT", "-b", kafka.bootstrapServers(), "--error-class", "java\\.net\\..*",
                "--header", "trace-id=t-[13]", "--execute");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(readAll("orders-f", "read_committed")).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("a", "c");

        Cli missing = Cli.run("dlq", "replay", "orders-f.DLT", "-b", kafka.bootstrapServers(), "--to", "no-such-topic", "--execute");
        assertThat(missing.exitCode()).isEqualTo(WardenException.USAGE);
        assertThat(missing.err()).contains("target topic no-such-topic does not exist");

        Cli script = Cli.run("dlq", "replay", "orders-f.DLT", "-b", kafka.bootstrapServers(), "--filter", "record.value() != null");
        assertThat(script.exitCode()).isEqualTo(WardenException.USAGE);
    }

    @Test
    void purgeDeletesOnlyWhatWasReplayedUnlessForced(@TempDir Path dir) throws Exception {
        topics("orders-p", "1", "orders-p.DLT", "1");
        for (int i = 0; i < 6; i++) {
            spring("orders-p.DLT", 0, i == 3 ? "org.example.ValidationException" : "java.net.SocketTimeoutException",
                    "orders-p", 0, i, utf8("k" + i), utf8("v" + i));
        }
        Path config = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
        Cli none = Cli.run("dlq", "purge", "orders-p.DLT", "-b", kafka.bootstrapServers(), "--replayed");
        assertThat(none.out()).contains("Plan: delete 0 records");

        Cli replay = Cli.run("dlq", "replay", "orders-p.DLT", "-b", kafka.bootstrapServers(), "--error-class", "java\\.net\\..*",
                "--execute");
        assertThat(replay.out()).as(replay.err()).contains("Replayed 5 records");

        // offset 3 was not replayed: only 0-2 may go
        Cli plan = Cli.run("dlq", "purge", "orders-p.DLT", "-b", kafka.bootstrapServers(), "--replayed", "-o", "json");
        assertThat(JSON.readTree(plan.out()).get("records").asLong()).isEqualTo(3);
        Cli beyond = Cli.run("dlq", "purge", "orders-p.DLT", "-b", kafka.bootstrapServers(), "--up-to", "6", "--execute");
        assertThat(beyond.exitCode()).isEqualTo(WardenException.USAGE);
        assertThat(beyond.err()).contains("beyond the replayed records");
        assertThat(readAll("orders-p.DLT", "read_committed")).hasSize(6);

        Cli purge = Cli.run("dlq", "purge", "orders-p.DLT", "-b", kafka.bootstrapServers(), "--replayed", "--execute",
                "--config", config.toString());
        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(readAll("orders-p.DLT", "read_committed")).extracting(ConsumerRecord::offset).containsExactly(3L, 4L, 5L);
        assertThat(AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events()).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo("dlq.purge"));

        Cli forced = Cli.run("dlq", "purge", "orders-p.DLT", "-b", kafka.bootstrapServers(), "--up-to", "6", "--force", "--execute");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(readAll("orders-p.DLT", "read_committed")).isEmpty();

        // the unreplayed record is gone: what is replayed from now on may be purged again
        spring("orders-p.DLT", 0, "java.net.SocketTimeoutException", "orders-p", 0, 6, utf8("k6"), utf8("v6"));
        spring("orders-p.DLT", 0, "java.net.SocketTimeoutException", "orders-p", 0, 7, utf8("k7"), utf8("v7"));
        Cli more = Cli.run("dlq", "replay", "orders-p.DLT", "-b", kafka.bootstrapServers(), "--error-class", "java\\.net\\..*",
                "--execute");
        assertThat(more.out()).as(more.err()).contains("Replayed 2 records");
        Cli after = Cli.run("dlq", "purge", "orders-p.DLT", "-b", kafka.bootstrapServers(), "--replayed", "-o", "json");
        assertThat(JSON.readTree(after.out()).get("records").asLong()).isEqualTo(2);
    }

    @Test
    void aReplayKilledWithItsTransactionOpenIsAbortedByTheNextRun() throws Exception {
        topics("orders-k", "1", "orders-k.DLT", "1");
        for (int i = 0; i < 4; i++) {
            spring("orders-k.DLT", 0, "java.net.SocketTimeoutException", "orders-k", 0, i, utf8("k" + i), utf8("v" + i));
        }
        // a replay process killed after the brokers acknowledged two records, before it committed
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("transactional.id", "warden-replay-orders-k.DLT");
        var zombie = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        zombie.initTransactions();
        zombie.beginTransaction();
        zombie.send(new ProducerRecord<>("orders-k", 0, utf8("k0"), utf8("v0"))).get();
        zombie.send(new ProducerRecord<>("orders-k", 0, utf8("k1"), utf8("v1"))).get();
        zombie.sendOffsetsToTransaction(Map.of(new TopicPartition("orders-k.DLT", 0),
                new org.apache.kafka.clients.consumer.OffsetAndMetadata(2)),
                new org.apache.kafka.clients.consumer.ConsumerGroupMetadata("warden-replay-orders-k.DLT"));
        zombie.close(Duration.ZERO); // no commit, no abort

        Cli run = Cli.run("dlq", "replay", "orders-k.DLT", "-b", kafka.bootstrapServers(), "--execute");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Replayed 4 records");
        List<ConsumerRecord<byte[], byte[]>> replayed = readAll("orders-k", "read_committed");
        assertThat(replayed).extracting(r -> header(r, "warden-replayed-from"))
                .containsExactly("orders-k.DLT-0@0", "orders-k.DLT-0@1", "orders-k.DLT-0@2", "orders-k.DLT-0@3");
    }

    @Test
    void recordsWhoseHeadersNameAnotherSystemsTopicOrSeveralTopicsAreRefusedBeforeAnythingIsSent() throws Exception {
        topics("orders-m", "1", "payments-m", "1", "mixed.DLT", "1");
        ReadyTopics.create(admin, List.of(new NewTopic("connect-configs", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        String error = "java.net.SocketTimeoutException";
        spring("mixed.DLT", 0, error, "orders-m", 0, 1, utf8("k1"), utf8("v1"));
        spring("mixed.DLT", 0, error, "orders-m", 0, 2, utf8("k2"), utf8("v2"));
        spring("mixed.DLT", 0, error, "payments-m", 0, 3, utf8("k3"), utf8("v3"));
        spring("mixed.DLT", 0, error, "connect-configs", 0, 4, utf8("k4"), utf8("{\"properties\":{}}"));
        spring("mixed.DLT", 0, error, "__consumer_offsets", 0, 5, utf8("k5"), utf8("v5"));

        Cli plan = Cli.run("dlq", "replay", "mixed.DLT", "-b", kafka.bootstrapServers());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(WardenException.USAGE);
        String out = plan.out();
        assertThat(out.lines().skip(1).findFirst().orElseThrow()).matches("\\s+TARGET-TOPIC\\s+RECORDS\\s+VERDICT\\s+WHY");
        assertThat(out).containsPattern("__consumer_offsets\\s+1\\s+REFUSE\\s+internal topic")
                .containsPattern("connect-configs\\s+1\\s+REFUSE\\s+Kafka Connect's storage topic")
                .containsPattern("orders-m\\s+2\\s+REPLAY").containsPattern("payments-m\\s+1\\s+REPLAY")
                .contains("problem: 1 record(s) name connect-configs as their original topic, and Kafka Connect's storage topic",
                        "a replay writes there only when --to names it",
                        "problem: the records name 4 original topics (__consumer_offsets, connect-configs, orders-m, payments-m): "
                                + "pass --allow-topics REGEX");

        Cli refused = Cli.run("dlq", "replay", "mixed.DLT", "-b", kafka.bootstrapServers(), "--execute");
        assertThat(refused.exitCode()).isEqualTo(WardenException.USAGE);
        assertThat(refused.err()).contains("cannot replay mixed.DLT");
        Cli everything = Cli.run("dlq", "replay", "mixed.DLT", "-b", kafka.bootstrapServers(), "--allow-topics", ".*");
        assertThat(everything.exitCode()).isEqualTo(WardenException.USAGE);
        assertThat(everything.out()).contains("problem: 1 record(s) name __consumer_offsets").doesNotContain("original topics (");
        for (String t : List.of("orders-m", "payments-m", "connect-configs")) {
            assertThat(readAll(t, "read_uncommitted")).as(t).isEmpty();
        }

        Cli chosen = Cli.run("dlq", "replay", "mixed.DLT", "-b", kafka.bootstrapServers(), "--allow-topics", "orders-m|payments-m",
                "--execute");
        assertThat(chosen.exitCode()).as(chosen.out() + chosen.err()).isZero();
        assertThat(chosen.out()).containsPattern("connect-configs\\s+1\\s+SKIP\\s+not matched by --allow-topics")
                .contains("Replayed 3 records");
        assertThat(readAll("orders-m", "read_committed")).hasSize(2);
        assertThat(readAll("payments-m", "read_committed")).hasSize(1);
        assertThat(readAll("connect-configs", "read_uncommitted")).isEmpty();

        // named with --to, the operator means it
        Cli explicit = Cli.run("dlq", "replay", "mixed.DLT", "-b", kafka.bootstrapServers(), "--key", "k4", "--to",
                "connect-configs", "--progress-group", "explicit-to", "--execute");
        assertThat(explicit.exitCode()).as(explicit.out() + explicit.err()).isZero();
        assertThat(readAll("connect-configs", "read_committed")).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("k4");
    }
}
