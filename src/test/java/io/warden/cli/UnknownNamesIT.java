package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a real cluster, when the operator names a topic or group it does not have — a typo at
 * 3 a.m. — then every command says so in one line with exit 64, and the cluster is exactly as it
 * was: the same topics, groups, committed offsets and end offsets.
 */
class UnknownNamesIT {

    static EmbeddedKafka kafka;
    static Admin admin;

    @TempDir
    static Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        ReadyTopics.create(admin, List.of(new NewTopic("orders", 2, (short) 1), new NewTopic("orders.DLT", 1, (short) 1)));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("orders", i % 2, "k" + i, "v" + i));
            }
            producer.send(new ProducerRecord<>("orders.DLT", "k", "failed"));
        }
        admin.alterConsumerGroupOffsets("billing", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(4))).all().get();
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    @TestFactory
    Stream<DynamicTest> anUnknownTopicOrGroupIsAUsageErrorAndChangesNothing() throws Exception {
        String b = kafka.bootstrapServers();
        Path backup = dir.resolve("backup");
        Path config = Files.writeString(dir.resolve("warden.yaml"), "audit:\n  file: " + dir.resolve("audit.jsonl") + "\n");
        List<List<String>> commands = List.of(
                List.of("lag", "-b", b, "-g", "no-such-group"),
                List.of("lag", "-b", b, "--topic", "no-such-topic"),
                List.of("groups", "describe", "-b", b, "no-such-group"),
                List.of("groups", "export", "-b", b, "-g", "no-such-group"),
                List.of("groups", "delete", "-b", b, "no-such-group", "--execute", "--config", config.toString()),
                List.of("groups", "reset-offsets", "-b", b, "-g", "billing", "--topic", "no-such-topic", "--to-earliest",
                        "--execute", "--config", config.toString(), "--undo-file", dir.resolve("undo.csv").toString()),
                List.of("groups", "reset-offsets", "-b", b, "-g", "billing", "--topic", "orders:7", "--to-earliest",
                        "--execute", "--config", config.toString(), "--undo-file", dir.resolve("undo.csv").toString()),
                List.of("diagnose", "lag", "-b", b, "--group", "no-such-group", "--sample", "1s"),
                List.of("topics", "describe", "-b", b, "no-such-topic"),
                List.of("topics", "alter", "-b", b, "no-such-topic", "--partitions", "4", "--execute", "--config-file", config.toString()),
                List.of("topics", "delete", "-b", b, "no-such-topic", "--execute", "--config-file", config.toString()),
                List.of("dlq", "inspect", "-b", b, "no-such-topic"),
                List.of("dlq", "replay", "-b", b, "no-such-topic", "--to", "orders", "--execute", "--config", config.toString()),
                List.of("dlq", "replay", "-b", b, "orders.DLT", "--to", "no-such-topic", "--execute", "--config", config.toString()),
                List.of("dlq", "purge", "-b", b, "no-such-topic", "--replayed", "--execute", "--config", config.toString()),
                List.of("duplicates", "-b", b, "no-such-topic", "--id-header", "event-id"),
                List.of("backup", "create", "-b", b, "--topics", "no-such-topic", "--to", backup.toString()));
        return commands.stream().map(args -> DynamicTest.dynamicTest(String.join(" ", args.subList(0, Math.min(args.size(), 6))), () -> {
            Map<String, Object> before = state();
            Cli run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(args.toArray(String[]::new)));
            List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();

            assertThat(run.exitCode()).as(args + "\n" + run.err() + run.out()).isEqualTo(64);
            assertThat(lines).as(run.err()).hasSize(1);
            assertThat(lines.get(0)).startsWith("warden: ").containsAnyOf("no-such-", "partition 7")
                    .doesNotContain("Exception:", "unexpected");
            assertThat(state()).as("the cluster after " + args).isEqualTo(before);
            assertThat(backup).as("a backup of nothing").doesNotExist();
            assertThat(dir.resolve("undo.csv")).as("an undo file of nothing").doesNotExist();
        }));
    }

    /** Topics with their partitions' end offsets, and groups with their committed offsets. */
    private static Map<String, Object> state() throws Exception {
        Map<String, Object> state = new TreeMap<>();
        for (String topic : admin.listTopics().names().get()) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<String, Long> ends = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, o) -> ends.put(tp.toString(), o.offset()));
            state.put("topic " + topic, ends);
        }
        for (GroupListing g : admin.listGroups().all().get()) {
            Map<String, Long> offsets = new TreeMap<>();
            admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> offsets.put(tp.toString(), o == null ? -1 : o.offset()));
            state.put("group " + g.groupId(), offsets);
        }
        return state;
    }
}
