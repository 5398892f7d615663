package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.consumer.group.KafkaGroupTool;
import org.apache.kafka.tools.consumer.group.KafkaShareGroupTool;
import org.apache.kafka.tools.streams.KafkaStreamsGroupTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a cluster running a real consumer-protocol consumer (KIP-848), a real share consumer
 * (KIP-932) and a real Kafka Streams application on the streams protocol (KIP-1071), each left
 * behind by a known number of records, when the operator runs {@code warden lag} and
 * {@code warden groups}, then every group is there with its type, and its offsets and lag are the
 * ones Kafka's own tools show for it.
 */
class GroupTypesIT {

    static EmbeddedKafka kafka;
    static Admin admin;
    static KafkaConsumer<String, String> consumer;
    static KafkaStreams streams;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        ReadyTopics.create(admin, List.of(new NewTopic("orders", 2, (short) 1), new NewTopic("jobs", 1, (short) 1),
                new NewTopic("clicks", 1, (short) 1), new NewTopic("clicks-out", 1, (short) 1)));
        produce("orders", 60);
        produce("jobs", 50);
        produce("clicks", 40);

        // consumer protocol: reads 30 of the 60 records, commits, and stays in the group
        consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "billing", "group.protocol", "consumer", "auto.offset.reset", "earliest",
                "enable.auto.commit", false, "max.poll.records", 30), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("orders"));
        int[] read = {0};
        await().atMost(Duration.ofSeconds(30)).until(() -> (read[0] += consumer.poll(Duration.ofMillis(200)).count()) >= 30);
        consumer.commitSync();

        // share group: reads and acknowledges all 50, leaves; then 30 more arrive. Its start offset
        // may stay at 0 (the broker moves it lazily), which is why log end - start offset is not its lag
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "jobs-queue"),
                List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                .all().get();
        try (var share = new KafkaShareConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "jobs-queue"), new StringDeserializer(), new StringDeserializer())) {
            share.subscribe(List.of("jobs"));
            int[] shared = {0};
            await().atMost(Duration.ofSeconds(30)).until(() -> (shared[0] += share.poll(Duration.ofMillis(200)).count()) >= 50);
            share.commitSync();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> shareLag("jobs-queue"), l -> l == 0);
        produce("jobs", 30);
        await().atMost(Duration.ofSeconds(30)).until(() -> shareLag("jobs-queue"), l -> l == 30);

        // streams protocol: processes all 40 clicks, pauses (staying in the group: Kafka's tool shows
        // only assigned partitions); then 25 more arrive
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "clicks-app");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        props.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("warden-streams").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream("clicks").mapValues(v -> v.toUpperCase()).to("clicks-out");
        streams = new KafkaStreams(builder.build(), props);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> committed("clicks-app"), o -> o == 40);
        streams.pause();
        produce("clicks", 25);
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.close(Duration.ZERO);
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(5));
        }
        admin.close();
        kafka.close();
    }

    private static void produce(String topic, int n) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2 == 0 || !topic.equals("orders") ? 0 : 1, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    /** The lag the broker reports for the share group on jobs-0, -1 before it has one. */
    private static long shareLag(String group) throws Exception {
        var info = admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec())).all().get().get(group);
        var p = info == null ? null : info.get(new TopicPartition("jobs", 0));
        return p == null ? -1 : p.lag().orElse(-1L);
    }

    private static long committed(String group) throws Exception {
        var offsets = admin.listStreamsGroupOffsets(Map.of(group, new org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec()))
                .partitionsToOffsetAndMetadata(group).get();
        var om = offsets.get(new TopicPartition("clicks", 0));
        return om == null ? -1 : om.offset();
    }

    private static JsonNode lagJson(String group) throws Exception {
        Cli cli = Cli.run("lag", "-b", kafka.bootstrapServers(), "--group", group, "--output", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode groups = JSON.readTree(cli.out()).get("groups");
        assertThat(groups).hasSize(1);
        return groups.get(0);
    }

    /** Warden's partitions of a group as [offset, lag], keyed like Kafka's tools. */
    private static Map<TopicPartition, List<Long>> offsetsAndLag(JsonNode group) {
        Map<TopicPartition, List<Long>> out = new HashMap<>();
        group.get("partitions").forEach(p -> out.put(new TopicPartition(p.get("topic").asText(), p.get("partition").asInt()),
                List.of(p.get("committed").asLong(), p.get("lag").asLong())));
        return out;
    }

    @Test
    void consumerProtocolGroupMatchesKafkaConsumerGroups() throws Exception {
        JsonNode billing = lagJson("billing");

        assertThat(billing.get("type").asText()).isEqualTo("CONSUMER");
        assertThat(billing.get("members").asInt()).isEqualTo(1);
        assertThat(billing.get("totalLag").asLong()).isEqualTo(30);
        assertThat(offsetsAndLag(billing)).isEqualTo(KafkaGroupTool.describeOffsets(kafka.bootstrapServers(), "billing"));
    }

    @Test
    void shareGroupShowsStartOffsetAndTheLagKafkaShareGroupsShows() throws Exception {
        JsonNode queue = lagJson("jobs-queue");

        assertThat(queue.get("type").asText()).isEqualTo("SHARE");
        Map<TopicPartition, List<Long>> kafkaSays = KafkaShareGroupTool.describeOffsets(kafka.bootstrapServers(), "jobs-queue");
        assertThat(kafkaSays.get(new TopicPartition("jobs", 0)).get(1)).isEqualTo(30L);
        assertThat(offsetsAndLag(queue)).isEqualTo(kafkaSays);
        assertThat(queue.get("totalLag").asLong()).isEqualTo(30);
        // nobody is consuming and 30 records wait
        assertThat(queue.get("status").asText()).isEqualTo("STOP");
    }

    @Test
    void streamsGroupMatchesKafkaStreamsGroups() throws Exception {
        JsonNode app = lagJson("clicks-app");

        assertThat(app.get("type").asText()).isEqualTo("STREAMS");
        assertThat(app.get("members").asInt()).isEqualTo(1);
        assertThat(app.get("partitions").get(0).get("memberId").asText()).isNotBlank(); // the task's owner
        Map<TopicPartition, List<Long>> kafkaSays = KafkaStreamsGroupTool.describeOffsets(kafka.bootstrapServers(), "clicks-app");
        assertThat(kafkaSays).containsEntry(new TopicPartition("clicks", 0), List.of(40L, 25L));
        assertThat(offsetsAndLag(app)).isEqualTo(kafkaSays);
    }

    @Test
    void groupsListAndLagShowEveryTypeWithItsOffsetColumn() {
        Cli list = Cli.run("groups", "list", "-b", kafka.bootstrapServers());
        assertThat(list.exitCode()).as(list.err()).isZero();
        List<String> rows = new ArrayList<>(list.out().lines().toList());
        assertThat(rows).anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("billing", "STABLE", "CONSUMER", "1"))
                .anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("jobs-queue", "EMPTY", "SHARE", "0"))
                .anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("clicks-app", "STABLE", "STREAMS", "1"));

        Cli lag = Cli.run("lag", "-b", kafka.bootstrapServers(), "--group", "jobs-queue");
        assertThat(lag.out()).contains("type=SHARE", "START-OFFSET").doesNotContain("CURRENT-OFFSET");

        Cli describe = Cli.run("groups", "describe", "-b", kafka.bootstrapServers(), "--all-groups", "--state");
        assertThat(describe.out().lines().filter(l -> l.startsWith("jobs-queue ") || l.startsWith("clicks-app ")
                || l.startsWith("billing ")).toList()).hasSize(3);
        assertThat(Set.of("billing", "jobs-queue", "clicks-app")).allSatisfy(g -> assertThat(describe.out()).contains(g));

        Cli status = Cli.run("status", "-b", kafka.bootstrapServers());
        assertThat(status.out().lines().map(String::trim).toList())
                .anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("jobs-queue", "SHARE", "EMPTY", "0", "30"))
                .anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("clicks-app", "STREAMS", "STABLE", "1", "25"))
                .anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("billing", "CONSUMER", "STABLE", "1", "30"));
    }

    @Test
    void cleanupDeletesAnEmptyShareGroupOnAnIdleTopicWithItsOwnCallAndSparesTheOthers() throws Exception {
        ReadyTopics.create(admin, List.of(new NewTopic("old-jobs", 1, (short) 1).configs(Map.of("retention.ms", "-1"))));
        long tenDaysAgo = java.time.Instant.now().minus(Duration.ofDays(10)).toEpochMilli();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("old-jobs", 0, tenDaysAgo, "k", "v" + i));
            }
            producer.flush();
        }
        admin.alterShareGroupOffsets("old-queue", Map.of(new TopicPartition("old-jobs", 0), 5L)).all().get();

        Cli report = Cli.run("cleanup", "report", "-b", kafka.bootstrapServers(), "--idle-days", "7");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).containsPattern("INACTIVE_GROUP\\s+old-queue\\s+SHARE group, EMPTY, no members; its topics \\[old-jobs]")
                .doesNotContain("jobs-queue", "clicks-app", "billing");

        Cli executed = Cli.run("cleanup", "report", "-b", kafka.bootstrapServers(), "--idle-days", "7", "--execute", "--yes");
        assertThat(executed.exitCode()).as(executed.out() + executed.err()).isZero();
        assertThat(executed.out()).contains("deleted group old-queue");
        assertThat(admin.listGroups().all().get()).extracting(g -> g.groupId())
                .doesNotContain("old-queue").contains("jobs-queue", "clicks-app", "billing");
    }

    @Test
    void metadataBackupKeepsShareAndStreamsOffsetsAndRestoresAShareGroupsStartOffsets(@TempDir Path dir) throws Exception {
        TopicPartition jobs = new TopicPartition("jobs", 0);
        admin.alterShareGroupOffsets("restore-queue", Map.of(jobs, 7L)).all().get();
        Path file = dir.resolve("metadata.json");

        Cli backup = Cli.run("backup", "metadata", "-b", kafka.bootstrapServers(), "--to", file.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        JsonNode json = JSON.readTree(file.toFile());
        assertThat(json.get("version").asInt()).isEqualTo(3);
        assertThat(json.at("/shareGroups/restore-queue/0/offset").asLong()).isEqualTo(7);
        assertThat(json.at("/streamsGroups/clicks-app/0/topic").asText()).isEqualTo("clicks");
        assertThat(json.at("/streamsGroups/clicks-app/0/offset").asLong()).isEqualTo(40);
        assertThat(json.at("/groups/billing").isMissingNode()).isFalse();
        assertThat(json.at("/groups/jobs-queue").isMissingNode()).isTrue(); // a share group is not a consumer group

        admin.deleteShareGroups(List.of("restore-queue")).all().get();
        Cli restore = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(), "--execute");
        assertThat(restore.out()).as(restore.err()).contains("set start offsets of share group restore-queue on 1 partitions");
        var restored = admin.listShareGroupOffsets(Map.of("restore-queue", new ListShareGroupOffsetsSpec())).all().get();
        assertThat(restored.get("restore-queue").get(jobs).startOffset()).isEqualTo(7);
    }

    @Test
    void offsetCommandsRefuseShareAndStreamsGroupsWithTheReason() {
        Cli share = Cli.run("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "-g", "jobs-queue", "--all-topics",
                "--to-earliest");
        assertThat(share.exitCode()).isEqualTo(64);
        assertThat(share.err()).contains("cannot reset offsets of share group 'jobs-queue'", "kafka-share-groups.sh")
                .doesNotContain("Exception");
        assertThat(share.err().lines().count()).isEqualTo(1);

        Cli streams = Cli.run("groups", "delete", "-b", kafka.bootstrapServers(), "clicks-app", "--execute");
        assertThat(streams.exitCode()).isEqualTo(64);
        assertThat(streams.err()).contains("cannot delete streams group 'clicks-app'", "kafka-streams-groups.sh");
    }
}
