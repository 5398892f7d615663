package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.config.ConfigLoader;
import io.warden.connect.ConnectClient;
import io.warden.connect.ConnectSettings;
import io.warden.connect.ConnectState;
import io.warden.connect.EmbeddedConnect;
import io.warden.connect.FlakySourceConnector;
import io.warden.embedded.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Kafka Connect worker whose connector task fails: Warden raises connector-task-failed,
 * restarts the task through the REST API once its cause is gone, and the finding resolves.
 */
class ConnectHealIT {

    static EmbeddedKafka kafka;
    static EmbeddedConnect worker;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() {
        kafka = EmbeddedKafka.single();
        worker = EmbeddedConnect.start(kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        kafka.close();
    }

    private List<AuditEvent> audit(String type) {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type(type)).events();
    }

    @Test
    void aFailedTaskIsRestartedThroughTheRestApiAndTheFindingResolves() throws Exception {
        Path broken = Files.createFile(dir.resolve("orders-db-down"));
        worker.configure("orders-cdc", Map.of("connector.class", FlakySourceConnector.class.getName(), "tasks.max", "1",
                FlakySourceConnector.MARKER, broken.toString()));
        var client = new ConnectClient(ConnectSettings.of(List.of(worker.url()), Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.status().connector("orders-cdc")
                .map(c -> !c.tasks().isEmpty() && c.tasks().get(0).state() == ConnectState.FAILED).orElse(false));

        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                cluster:
                  name: test
                  bootstrap-servers: "%s"
                  connect: {urls: ["%s"], timeout: 5s}
                watch: {interval: 300ms, timeout: 5s, window: 10s}
                alerts: {silences-file: %s}
                audit: {file: %s}
                http: {port: -1}
                heal:
                  state-dir: %s
                  grace: 0s
                  playbooks:
                    - name: restart-failed-tasks
                      check: connector-task-failed
                      mode: "on"
                      steps:
                        - action: restart-connector
                          retry: {max-attempts: 5, delay: 500ms}
                          verify-cycles: 10
                """.formatted(kafka.bootstrapServers(), worker.url(), dir.resolve("silences.json"), dir.resolve("audit.jsonl"), dir));
        var config = new ConfigLoader(Map.<String, String>of()::get).load(yaml);
        try (var runner = new WatchRunner(config, new PrintWriter(new StringWriter(), true), Clock.systemUTC())) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> audit("finding.raised").stream()
                    .anyMatch(e -> e.key().equals("connector-task-failed/connector=orders-cdc/task=0")));
            Files.delete(broken); // the operator (or the database) fixes the cause

            await().atMost(Duration.ofSeconds(60)).until(() -> !audit("heal.recovered").isEmpty());
        }

        assertThat(client.status().connector("orders-cdc").orElseThrow().tasks().get(0).state()).isEqualTo(ConnectState.RUNNING);
        assertThat(audit("finding.resolved")).anySatisfy(e ->
                assertThat(e.key()).isEqualTo("connector-task-failed/connector=orders-cdc/task=0"));
        assertThat(audit("heal.action.finished")).last().satisfies(e -> assertThat(e.data())
                .containsEntry("outcome", "DONE").containsEntry("action", "restart-connector"));
    }
}
