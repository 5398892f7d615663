package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a baseline of a real broker's metadata, when the operator changes topics behind Warden's
 * back, then drift diff lists exactly those changes and exits 1; with nothing changed it exits 0.
 */
class DriftIT {

    static EmbeddedKafka kafka;
    static Admin admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    private Cli warden(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-b";
        all[args.length + 1] = kafka.bootstrapServers();
        return Cli.run(all);
    }

    private static void alter(String topic, Collection<AlterConfigOp> ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops)).all().get();
    }

    @Test
    void diffListsExactlyWhatChangedSinceTheSnapshot() throws Exception {
        ReadyTopics.create(admin, List.of(new NewTopic("drift.orders", 2, (short) 1)
                        .configs(Map.of("retention.ms", "86400000", "cleanup.policy", "delete")),
                new NewTopic("drift.payments", 1, (short) 1).configs(Map.of("max.message.bytes", "200000"))));
        Path baseline = dir.resolve("baseline.json");

        Cli snap = warden("drift", "snapshot", "--to", baseline.toString());
        assertThat(snap.exitCode()).as(snap.err()).isZero();
        JsonNode file = new ObjectMapper().readTree(Files.readString(baseline));
        assertThat(file.get("format").asText()).isEqualTo("warden-metadata");
        assertThat(file.get("version").asInt()).isEqualTo(1);
        assertThat(file.at("/topics/drift.orders/configs/retention.ms").asText()).isEqualTo("86400000");
        assertThat(file.get("aclsUnavailable").asText()).isEqualTo("ACLs not available: no authorizer");
        assertThat(snap.out()).contains("ACLs not available: no authorizer");

        Cli same = warden("drift", "diff", "--baseline", baseline.toString());
        assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
        assertThat(same.out()).contains("No drift");

        ReadyTopics.create(admin, List.of(new NewTopic("drift.new", 3, (short) 1)));
        alter("drift.orders", List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)));
        alter("drift.payments", List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", null), AlterConfigOp.OpType.DELETE)));
        admin.createPartitions(Map.of("drift.orders", NewPartitions.increaseTo(4))).all().get();

        Cli diff = warden("drift", "diff", "--baseline", baseline.toString());
        assertThat(diff.exitCode()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out().lines().filter(l -> l.startsWith("  ")).map(String::trim).toList()).containsExactly(
                "drift.new: topic added (3 partitions, RF 1)",
                "drift.orders: partitions 2 -> 4",
                "drift.orders: config retention.ms 86400000 -> 3600000",
                "drift.payments: config max.message.bytes removed (was 200000)");

        Cli json = warden("drift", "diff", "--baseline", baseline.toString(), "-o", "json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode changes = new ObjectMapper().readTree(json.out()).get("changes");
        assertThat(changes).hasSize(4);
        assertThat(changes.get(2).get("kind").asText()).isEqualTo("CONFIG_CHANGED");
        assertThat(changes.get(2).get("before").asText()).isEqualTo("86400000");
        assertThat(changes.get(2).get("after").asText()).isEqualTo("3600000");
    }

    @Test
    void aBrokerConfigChangeIsDrift() throws Exception {
        Path baseline = dir.resolve("brokers.json");
        assertThat(warden("drift", "snapshot", "--to", baseline.toString()).exitCode()).isZero();
        ConfigResource defaults = new ConfigResource(ConfigResource.Type.BROKER, "");
        admin.incrementalAlterConfigs(Map.of(defaults, List.of(new AlterConfigOp(
                new ConfigEntry("log.retention.ms", "7200000"), AlterConfigOp.OpType.SET)))).all().get();
        try {
            // the controller has the change once the call returns; the broker that answers describeConfigs a moment later
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(kafka.brokerIds().get(0)));
            await().atMost(Duration.ofSeconds(15)).until(() -> "7200000".equals(admin.describeConfigs(List.of(broker)).all().get()
                    .get(broker).get("log.retention.ms").value()));
            Cli diff = warden("drift", "diff", "--baseline", baseline.toString());
            assertThat(diff.exitCode()).as(diff.err()).isEqualTo(1);
            assertThat(diff.out()).contains("cluster defaults: config log.retention.ms added = 7200000");
        } finally {
            admin.incrementalAlterConfigs(Map.of(defaults, List.of(new AlterConfigOp(
                    new ConfigEntry("log.retention.ms", null), AlterConfigOp.OpType.DELETE)))).all().get();
        }
    }

    @Test
    void aFileThatIsNoBaselineIsRefused() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"format\": \"other\", \"version\": 1}");
        Cli diff = warden("drift", "diff", "--baseline", bad.toString());
        assertThat(diff.exitCode()).isEqualTo(65);
        assertThat(diff.err()).contains("not a Warden metadata file");
    }
}
