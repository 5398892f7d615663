package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.audit.AuditReader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.consumer.group.KafkaGroupTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a topic with 3 x 40 messages and groups with committed offsets, when the operator lists,
 * describes, resets, exports, imports and deletes groups, then the cluster shows exactly that.
 */
class GroupsCommandIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedKafka kafka;
    static Admin admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        ReadyTopics.create(admin, List.of(new NewTopic("orders", 3, (short) 1)));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 40; i++) {
                    producer.send(new ProducerRecord<>("orders", p, "k" + i, "v" + i));
                }
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    static void commit(String group, long... offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> map = new HashMap<>();
        for (int p = 0; p < offsets.length; p++) {
            map.put(new TopicPartition("orders", p), new OffsetAndMetadata(offsets[p]));
        }
        admin.alterConsumerGroupOffsets(group, map).all().get();
    }

    static Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, om) -> out.put(tp, om.offset()));
        return out;
    }

    Path config() throws Exception {
        return Files.writeString(dir.resolve("warden.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
    }

    @Test
    void listsAndDescribesGroupsWithTheirLag() throws Exception {
        commit("listed", 10, 20, 40);

        Cli list = Cli.run("groups", "list", "-b", kafka.bootstrapServers(), "-o", "json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode listed = null;
        for (JsonNode g : JSON.readTree(list.out())) {
            if (g.get("group").asText().equals("listed")) {
                listed = g;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("totalLag").asLong()).isEqualTo(30 + 20);
        assertThat(listed.get("topics").get(0).asText()).isEqualTo("orders");
        assertThat(listed.get("members").asInt()).isZero();

        Cli describe = Cli.run("groups", "describe", "-b", kafka.bootstrapServers(), "listed");
        assertThat(describe.exitCode()).as(describe.err()).isZero();
        assertThat(describe.out()).contains("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                "LAG-SECONDS", "CONSUMER-ID", "HOST", "CLIENT-ID");
        assertThat(describe.out().lines().filter(l -> l.startsWith("listed")).toList())
                .anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("listed", "orders", "0", "10", "40", "30"));

        Cli state = Cli.run("groups", "describe", "-b", kafka.bootstrapServers(), "listed", "--state");
        assertThat(state.out()).contains("COORDINATOR-ID", "EMPTY");
    }

    @Test
    void refusesToResetAGroupWhileAConsumerIsPolling() throws Exception {
        commit("live", 0, 0); // partition 2: owned by the consumer, nothing committed yet
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "live", "client.id", "live-client", "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return !consumer.assignment().isEmpty();
            });

            Cli cli = Cli.run("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "--group", "live", "--topic", "orders",
                    "--to-latest", "--execute", "--config", config().toString(), "--undo-file", dir.resolve("u.csv").toString());

            assertThat(cli.exitCode()).isEqualTo(64);
            assertThat(cli.err()).contains("cannot reset offsets of group 'live'", "live-client", "active member");
            assertThat(committed("live").values()).containsOnly(0L);
            assertThat(dir.resolve("u.csv")).doesNotExist();

            Cli describe = Cli.run("groups", "describe", "-b", kafka.bootstrapServers(), "live");
            assertThat(describe.out().lines().filter(l -> l.startsWith("live")).toList()).hasSize(3)
                    .anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("live", "orders", "2", "-", "40", "-", "-")
                            .endsWith("live-client"));

            Cli delete = Cli.run("groups", "delete", "-b", kafka.bootstrapServers(), "live", "--execute");
            assertThat(delete.exitCode()).isEqualTo(64);
            assertThat(delete.err()).contains("live-client");
        }
    }

    @Test
    void theUndoFileOfAResetRestoresThePreviousOffsets() throws Exception {
        commit("undo", 10, 20, 30);
        Path undo = dir.resolve("undo.csv");

        Cli reset = Cli.run("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "--group", "undo", "--all-topics",
                "--to-latest", "--execute", "--undo-file", undo.toString(), "--config", config().toString());

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("Previous offsets saved to " + undo + " (undo: warden groups import --from-file "
                + undo + " --group undo --execute)", "Offsets committed.");
        assertThat(committed("undo").values()).containsOnly(40L);
        assertThat(Files.readString(undo)).isEqualTo("orders,0,10\norders,1,20\norders,2,30\n");
        var events = AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("groups.reset-offsets");
            assertThat(e.key()).isEqualTo("undo");
            assertThat(e.data()).containsEntry("mode", "to-latest").containsEntry("undoFile", undo.toString());
        });

        Cli restore = Cli.run("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "--group", "undo", "--from-file",
                undo.toString(), "--execute", "--undo-file", dir.resolve("undo2.csv").toString(), "--config", config().toString());

        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(committed("undo")).containsEntry(new TopicPartition("orders", 0), 10L)
                .containsEntry(new TopicPartition("orders", 1), 20L).containsEntry(new TopicPartition("orders", 2), 30L);
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        commit("dry", 5, 5, 5);

        Cli cli = Cli.run("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "--group", "dry", "--topic", "orders",
                "--to-earliest");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("CURRENT-OFFSET", "NEW-OFFSET", "LAG-BEFORE", "LAG-AFTER", "Dry run: nothing changed");
        assertThat(committed("dry").values()).containsOnly(5L);
    }

    @Test
    void exportWritesKafkasCsvAndImportReadsItBack() throws Exception {
        commit("source", 7, 17, 27);

        Cli export = Cli.run("groups", "export", "-b", kafka.bootstrapServers(), "--group", "source");

        assertThat(export.exitCode()).as(export.err()).isZero();
        String kafkaCsv = KafkaGroupTool.exportCsv(new String[] {"--bootstrap-server", kafka.bootstrapServers(), "--group",
            "source", "--reset-offsets", "--to-current", "--all-topics", "--export", "--dry-run"},
                Map.of("source", committed("source")));
        assertThat(export.out().lines().sorted().toList()).isEqualTo(kafkaCsv.lines().sorted().toList());

        Path file = Files.writeString(dir.resolve("source.csv"), export.out());
        Cli imported = Cli.run("groups", "import", "-b", kafka.bootstrapServers(), "--group", "copy", "--from-file",
                file.toString(), "--execute", "--undo-file", dir.resolve("copy-undo.csv").toString(), "--config", config().toString());

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(committed("copy")).isEqualTo(committed("source"));
    }

    @Test
    void deletesAGroupOnlyWithExecute() throws Exception {
        commit("old", 1, 1, 1);

        Cli plan = Cli.run("groups", "delete", "-b", kafka.bootstrapServers(), "old");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Would delete", "Dry run");
        assertThat(committed("old")).hasSize(3);

        Cli delete = Cli.run("groups", "delete", "-b", kafka.bootstrapServers(), "old", "--execute", "--config", config().toString());
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(admin.listGroups().all().get()).noneMatch(g -> g.groupId().equals("old"));

        Cli again = Cli.run("groups", "delete", "-b", kafka.bootstrapServers(), "old");
        assertThat(again.exitCode()).isEqualTo(64);
        assertThat(again.err()).contains("consumer group 'old' does not exist");
        assertThat(AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events())
                .singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("groups.delete"));
    }

    @Test
    void aConfigThatDoesNotLoadStopsTheResetBeforeAnythingChanges() throws Exception {
        commit("unset-env", 10, 20, 30);
        Path config = Files.writeString(dir.resolve("env.yaml"), "audit:\n  file: ${WARDEN_TEST_SURELY_UNSET}/audit.jsonl\n");
        Path undo = dir.resolve("unset-env.csv");

        Cli reset = Cli.run("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "--group", "unset-env", "--all-topics",
                "--shift-by", "-5", "--execute", "--undo-file", undo.toString(), "--config", config.toString());

        assertThat(reset.exitCode()).as(reset.out() + reset.err()).isEqualTo(78);
        assertThat(reset.err()).contains("WARDEN_TEST_SURELY_UNSET");
        assertThat(committed("unset-env").values()).containsExactlyInAnyOrder(10L, 20L, 30L);
        assertThat(undo).doesNotExist();
    }

    @Test
    void anAuditRecordLostAfterTheResetIsReportedWithTheResultAndSaysTheOffsetsWereReset() throws Exception {
        Path full = Path.of("/dev/full"); // opens like any file; every write fails with "No space left on device"
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full));
        commit("full-disk", 10, 20, 30);
        Path config = Files.writeString(dir.resolve("full.yaml"), "audit: {file: " + full + "}\n");
        Path undo = dir.resolve("full-disk.csv");

        Cli reset = Cli.run("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "--group", "full-disk", "--all-topics",
                "--shift-by", "-5", "--execute", "--undo-file", undo.toString(), "--config", config.toString());

        assertThat(reset.exitCode()).as(reset.out() + reset.err()).isEqualTo(73);
        assertThat(reset.out()).contains("Previous offsets saved to " + undo, "Offsets committed.");
        assertThat(reset.err()).contains("warden: offsets of group full-disk WERE reset (undo file " + undo
                + "); the audit record could not be written to /dev/full: No space left on device");
        assertThat(committed("full-disk").values()).containsExactlyInAnyOrder(5L, 15L, 25L);
    }

    @Test
    void anExistingUndoFileIsNeverOverwrittenAndNothingIsReset() throws Exception {
        commit("kept-undo", 10, 20, 30);
        Path undo = Files.writeString(dir.resolve("kept-undo.csv"), "orders,0,1\n");

        Cli reset = Cli.run("groups", "reset-offsets", "-b", kafka.bootstrapServers(), "--group", "kept-undo", "--all-topics",
                "--to-latest", "--execute", "--undo-file", undo.toString(), "--config", config().toString());

        assertThat(reset.exitCode()).as(reset.out() + reset.err()).isEqualTo(73);
        assertThat(reset.err()).contains("the undo file " + undo + " exists already");
        assertThat(Files.readString(undo)).isEqualTo("orders,0,1\n");
        assertThat(committed("kept-undo").values()).containsExactlyInAnyOrder(10L, 20L, 30L);
        assertThat(dir.resolve("kept-undo.csv.tmp")).doesNotExist();
    }

    @Test
    void groupNamesReadFromTheClusterCannotWriteEscapeSequencesToTheTerminal() throws Exception {
        String evil = "\u001b]0;owned\u0007\u001b[2Jbilling";
        commit(evil, 1, 1, 1);

        Cli list = Cli.run("groups", "list", "-b", kafka.bootstrapServers());
        Cli describe = Cli.run("groups", "describe", "-b", kafka.bootstrapServers(), evil);
        Cli delete = Cli.run("groups", "delete", "-b", kafka.bootstrapServers(), evil);

        for (Cli cli : List.of(list, describe, delete)) {
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            assertThat(cli.out()).doesNotContain("\u001b", "\u0007").contains("\\u001b]0;owned\\u0007\\u001b[2Jbilling");
        }
    }
}
