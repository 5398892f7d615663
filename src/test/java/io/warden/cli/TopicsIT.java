package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a real broker, when the operator manages topics by hand or from a topics file, then the
 * cluster changes only with --execute, partitions only grow, deletes need both the file's
 * {@code delete: true} and --allow-delete, and every executed change is audited.
 */
class TopicsIT {

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

    private Path file(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private Path auditConfig() throws Exception {
        return Files.writeString(dir.resolve("warden.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
    }

    private List<AuditEvent> audit() {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events();
    }

    private static int partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private static String config(String topic, String key) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry e = admin.describeConfigs(List.of(r)).all().get().get(r).get(key);
        return e.value();
    }

    private static boolean exists(String topic) throws Exception {
        return admin.listTopics().names().get().contains(topic);
    }

    @Test
    void aTopicsFileIsPlannedThenAppliedCreatingGrowingAndChangingConfigs() throws Exception {
        Path v1 = file("v1.yaml", """
                topics:
                  - name: orders
                    partitions: 2
                    replication-factor: 1
                    configs: {retention.ms: 86400000}
                """);
        Cli plan = warden("topics", "plan", "-f", v1.toString());
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("orders", "CREATE", "create with 2 partitions");
        assertThat(exists("orders")).isFalse();

        Cli dry = warden("topics", "apply", "-f", v1.toString());
        assertThat(dry.exitCode()).isEqualTo(2);
        assertThat(dry.out()).contains("Nothing was changed");
        assertThat(exists("orders")).isFalse();

        Cli apply = warden("topics", "apply", "-f", v1.toString(), "--execute", "--config-file", auditConfig().toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("orders", "CREATE", "ok");
        assertThat(partitions("orders")).isEqualTo(2);
        assertThat(config("orders", "retention.ms")).isEqualTo("86400000");
        assertThat(warden("topics", "plan", "-f", v1.toString()).exitCode()).isZero();

        Path v2 = file("v2.yaml", """
                topics:
                  - name: orders
                    partitions: 4
                    configs: {retention.ms: 3600000, cleanup.policy: compact}
                """);
        Cli plan2 = warden("topics", "plan", "-f", v2.toString());
        assertThat(plan2.exitCode()).isEqualTo(2);
        assertThat(plan2.out()).contains("partitions 2 -> 4", "retention.ms: 86400000 -> 3600000", "cleanup.policy: delete -> compact");

        Cli apply2 = warden("topics", "apply", "-f", v2.toString(), "--execute", "--config-file", auditConfig().toString());
        assertThat(apply2.exitCode()).as(apply2.out() + apply2.err()).isZero();
        assertThat(partitions("orders")).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(config("orders", "retention.ms")).isEqualTo("3600000");
            assertThat(config("orders", "cleanup.policy")).isEqualTo("compact");
        });
        assertThat(audit()).extracting(AuditEvent::type).containsExactly("topics.create", "topics.alter", "topics.alter");
        assertThat(audit().get(0).key()).isEqualTo("orders");
        assertThat(warden("topics", "plan", "-f", v2.toString()).exitCode()).isZero();
    }

    @Test
    void aDeclaredDecreaseOfPartitionsIsRefusedWithTheReason() throws Exception {
        ReadyTopics.create(admin, List.of(new org.apache.kafka.clients.admin.NewTopic("payments", 3, (short) 1)));
        Path f = file("shrink.yaml", """
                topics:
                  - name: payments
                    partitions: 1
                """);
        Cli plan = warden("topics", "plan", "-f", f.toString());
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out()).contains("REFUSED", "partitions 3 -> 1 refused", "Kafka cannot remove partitions");

        Cli apply = warden("topics", "apply", "-f", f.toString(), "--execute", "--config-file", auditConfig().toString());
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.out()).contains("Nothing to apply", "refused: payments");
        assertThat(partitions("payments")).isEqualTo(3);

        Cli alter = warden("topics", "alter", "payments", "--partitions", "2", "--execute");
        assertThat(alter.exitCode()).isEqualTo(64);
        assertThat(alter.err()).contains("Kafka cannot remove partitions");
        assertThat(partitions("payments")).isEqualTo(3);
    }

    @Test
    void aTopicIsDeletedOnlyWhenTheFileSaysSoAndDeletesAreAllowed() throws Exception {
        ReadyTopics.create(admin, List.of(new org.apache.kafka.clients.admin.NewTopic("legacy", 1, (short) 1),
                new org.apache.kafka.clients.admin.NewTopic("kept", 1, (short) 1)));
        Path f = file("delete.yaml", """
                topics:
                  - name: legacy
                    delete: true
                """);
        Cli refused = warden("topics", "apply", "-f", f.toString(), "--execute", "--config-file", auditConfig().toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("pass --allow-delete");
        assertThat(exists("legacy")).isTrue();

        Cli applied = warden("topics", "apply", "-f", f.toString(), "--execute", "--allow-delete",
                "--config-file", auditConfig().toString());
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).contains("legacy", "DELETE", "ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> !exists("legacy"));
        assertThat(exists("kept")).isTrue(); // the file does not name it
        assertThat(audit()).extracting(AuditEvent::type).containsExactly("topics.delete");
    }

    @Test
    void topicsByHandPrintThePlanUntilExecuted() throws Exception {
        Cli plan = warden("topics", "create", "clicks", "--partitions", "3", "--replication-factor", "1",
                "--config", "retention.ms=60000");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out()).contains("clicks", "CREATE", "Run again with --execute");
        assertThat(exists("clicks")).isFalse();

        assertThat(warden("topics", "create", "clicks", "--partitions", "3", "--replication-factor", "1",
                "--config", "retention.ms=60000", "--execute", "--config-file", auditConfig().toString()).exitCode()).isZero();
        assertThat(partitions("clicks")).isEqualTo(3);

        Cli list = warden("topics", "list");
        assertThat(list.out()).contains("TOPIC", "clicks").doesNotContain("__consumer_offsets");
        Cli describe = warden("topics", "describe", "clicks");
        assertThat(describe.out()).contains("Topic: clicks  Partitions: 3  RF: 1", "retention.ms=60000", "LEADER", "ISR");
        assertThat(warden("topics", "describe", "clicks", "--under-replicated").out()).doesNotContain("clicks");

        assertThat(warden("topics", "alter", "clicks", "--partitions", "5", "--delete-config", "retention.ms",
                "--execute", "--config-file", auditConfig().toString()).exitCode()).isZero();
        assertThat(partitions("clicks")).isEqualTo(5);
        assertThat(warden("topics", "delete", "clicks", "--execute", "--config-file", auditConfig().toString()).exitCode())
                .isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> !exists("clicks"));
        assertThat(audit()).extracting(AuditEvent::type)
                .containsExactly("topics.create", "topics.alter", "topics.alter", "topics.delete");
    }

    @Test
    void aFailedStepIsPrintedAuditedAndFailsTheApplyWhileTheOthersStillRun() throws Exception {
        ReadyTopics.create(admin, List.of(new org.apache.kafka.clients.admin.NewTopic("events", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact", "retention.ms", "60000"))));
        Path f = file("mixed.yaml", """
                topics:
                  - name: events
                    partitions: 1
                    configs: {retention.ms: 120000}
                  - name: broken
                    partitions: 1
                    configs: {no.such.config: 1}
                """);
        Cli plan = warden("topics", "plan", "-f", f.toString(), "--prune-configs", "-o", "json");
        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.out()).contains("\"exitCode\" : 2", "retention.ms: 60000 -> 120000", "unset cleanup.policy (was compact)");

        Cli apply = warden("topics", "apply", "-f", f.toString(), "--prune-configs", "--execute",
                "--config-file", auditConfig().toString());
        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(apply.out()).containsPattern("broken\\s+CREATE\\s+FAILED: InvalidConfigurationException")
                .containsPattern("events\\s+ALTER_CONFIGS\\s+ok");
        assertThat(exists("broken")).isFalse();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(config("events", "retention.ms")).isEqualTo("120000");
            assertThat(config("events", "cleanup.policy")).isEqualTo("delete");
        });
        assertThat(audit()).extracting(e -> e.key() + ":" + e.data().get("ok")).containsExactly("broken:false", "events:true");
    }
}
