package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.config.ConfigLoader;
import io.warden.embedded.ProcessKafkaCluster;
import io.warden.embedded.ReadyTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers as real processes, killed -9: Warden detects the loss, waits the grace period, runs the
 * configured restart command (which starts the broker's process again), verifies that it is back
 * and its partitions in sync, and audits every step; and a Warden stopped while a restart command
 * runs records that and does not run it again at its next start.
 */
class HealCrashIT {

    @TempDir
    static Path clusterDir;

    static ProcessKafkaCluster kafka;
    static Admin admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = ProcessKafkaCluster.start(3, clusterDir.resolve("kafka"));
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        ReadyTopics.create(admin, List.of(new NewTopic("orders", 3, (short) 3)));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private WatchRunner runner(String command, String retry, String shutdownTimeout) throws Exception {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                cluster: {name: crash, bootstrap-servers: "%s"}
                watch: {interval: 500ms, timeout: 5s, window: 20s, shutdown-timeout: %s}
                alerts: {silences-file: %s}
                audit: {file: %s}
                http: {port: -1}
                heal:
                  state-dir: %s
                  grace: 2s
                  playbooks:
                    - name: restart-crashed-broker
                      check: broker-down
                      mode: "on"
                      steps:
                        - action: restart-broker
                          command: %s
                          timeout: 1m
                          retry: %s
                          verify-cycles: 30
                """.formatted(kafka.bootstrapServers(), shutdownTimeout, dir.resolve("silences.json"), dir.resolve("audit.jsonl"),
                dir, command, retry));
        return new WatchRunner(new ConfigLoader(Map.<String, String>of()::get).load(yaml), new PrintWriter(new StringWriter(), true),
                Clock.systemUTC());
    }

    private List<AuditEvent> audit(String... types) {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type(types)).events();
    }

    private static List<TopicPartitionInfo> partitions() throws Exception {
        return admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions();
    }

    @Test
    void aKilledBrokerIsRestartedByItsCommandAfterTheGracePeriodAndVerified() throws Exception {
        int victim = kafka.brokerIds().get(1);
        String start = "['/bin/sh', '" + clusterDir.resolve("kafka") + "/start-broker-{broker.id}.sh']";
        try (var runner = runner(start, "{max-attempts: 2, delay: 5s}", "30s")) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !audit("config.loaded").isEmpty());

            kafka.kill(victim);

            await().atMost(Duration.ofSeconds(90)).until(() -> !audit("heal.recovered").isEmpty());
        }

        assertThat(kafka.isAlive(victim)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> partitions().stream().allMatch(p -> p.isr().size() == 3));
        List<String> story = audit("alert", "heal").stream().filter(e -> e.key().equals("broker-down/broker=" + victim))
                .map(e -> e.type() + (e.data().get("decision") == null ? "" : ":" + e.data().get("decision"))).toList();
        assertThat(story).containsSubsequence("alert.fired", "heal.decided:WAIT", "heal.decided:ACT", "heal.action.started",
                "heal.action.finished", "alert.resolved", "heal.recovered");
        assertThat(audit("heal.decided").get(0).data().get("reason").toString()).contains("grace period");
        assertThat(audit("heal.action.started")).hasSize(1);
        assertThat(audit("heal.action.finished").get(0).data()).containsEntry("outcome", "DONE").containsEntry("exitCode", 0);
        AuditEvent recovered = audit("heal.recovered").get(0);
        long seconds = ((Number) recovered.data().get("detectToRecoverSeconds")).longValue();
        assertThat(seconds).isBetween(2L, 90L); // at least the grace period
        System.out.printf("broker %d killed -9: detected, restarted and verified %d s after detection%n", victim, seconds);
    }

    @Test
    void stoppingWardenDuringARestartCommandRecordsItAndTheNextStartDoesNotRunItAgain() throws Exception {
        int victim = kafka.brokerIds().get(2);
        Path runs = dir.resolve("runs");
        // a restart that hangs (an ssh to a host that does not answer), counting its runs
        String hangs = "[sh, -c, 'echo run >> " + runs + "; exec sleep 60']";
        try {
            try (var runner = runner(hangs, "{max-attempts: 3, delay: 1m}", "2s")) {
                runner.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> !audit("config.loaded").isEmpty());
                kafka.kill(victim);
                await().atMost(Duration.ofSeconds(60)).until(() -> !audit("heal.action.started").isEmpty());
            } // close: the shutdown timeout (2 s) is shorter than the command, so it is stopped

            assertThat(audit("heal.action.finished")).singleElement().satisfies(e -> assertThat(e.data())
                    .containsEntry("outcome", "INTERRUPTED").containsKey("nextAttemptAt"));
            assertThat(audit("watch.stopped")).hasSize(1);

            try (var again = runner(hangs, "{max-attempts: 3, delay: 1m}", "2s")) {
                again.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> audit("heal.decided").stream()
                        .anyMatch(e -> e.data().get("reason").toString().contains("backing off after attempt 1 interrupted")));
            }
            assertThat(audit("heal.action.started")).hasSize(1);
            assertThat(Files.readAllLines(runs)).hasSize(1);
        } finally {
            kafka.start(victim);
        }
    }
}
