package io.warden.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.warden.embedded.EmbeddedKafka;
import io.warden.watch.Finding;
import io.warden.watch.ConnectCheck;
import io.warden.watch.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warden against a real Connect worker: it sees a failed task, and a restart after the fix heals it. */
class ConnectIT {

    static EmbeddedKafka kafka;
    static EmbeddedConnect worker;
    static ConnectClient client;
    final ConnectCheck check = new ConnectCheck();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.single();
        worker = EmbeddedConnect.start(kafka.bootstrapServers());
        client = new ConnectClient(ConnectSettings.of(List.of(worker.url()), Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void testConnectorIsDiscoveredThroughItsServiceManifest() throws Exception {
        assertThat(worker.connectorPlugins()).contains("\"class\":\"" + FlakySourceConnector.class.getName() + "\"");
    }

    @Test
    void failedTaskIsFoundAndRestartingItAfterTheFixResolvesIt() throws Exception {
        Path marker = Files.createFile(dir.resolve("orders-db-down"));
        worker.configure("orders", flaky(marker));

        List<Finding> broken = await("task of orders FAILED").atMost(Duration.ofSeconds(15))
                .until(() -> findingsFor("orders"), f -> !f.isEmpty());
        assertThat(broken).extracting(Finding::key, Finding::severity)
                .containsExactly(tuple("connector-task-failed/connector=orders/task=0", Severity.CRITICAL));
        Finding f = broken.get(0);
        assertThat(f.labels()).containsEntry("connector", "orders").containsEntry("task", "0")
                .containsEntry("worker", worker.url().substring("http://".length()));
        assertThat(f.message()).contains("source unavailable while " + marker + " exists");
        assertThat(f.evidence()).containsEntry("connectorClass", FlakySourceConnector.class.getName())
                .containsEntry("type", "source");

        Files.delete(marker); // the operator fixes the cause
        ConnectorStatus accepted = client.restartConnector("orders").orElseThrow();

        assertThat(accepted.tasks()).extracting(TaskStatus::state).containsExactly(ConnectState.RESTARTING);
        await("task of orders RUNNING again").atMost(Duration.ofSeconds(15)).until(() ->
                client.status().connector("orders").map(c -> c.tasks().get(0).state()).orElse(null) == ConnectState.RUNNING);
        assertThat(findingsFor("orders")).isEmpty();
    }

    @Test
    void oneTaskCanBeRestartedOnItsOwn() throws Exception {
        Path marker = Files.createFile(dir.resolve("audit-db-down"));
        worker.configure("audit", flaky(marker));
        await().atMost(Duration.ofSeconds(15)).until(() -> findingsFor("audit"), f -> !f.isEmpty());

        Files.delete(marker);
        client.restartTask("audit", 0);

        await().atMost(Duration.ofSeconds(15)).until(() -> findingsFor("audit").isEmpty());
        assertThat(client.status().connector("audit").orElseThrow().tasks()).extracting(TaskStatus::state)
                .containsExactly(ConnectState.RUNNING);
    }

    @Test
    void restartOfAnUnknownConnectorCarriesConnectsAnswer() {
        ConnectApiException e = catchThrowableOfType(ConnectApiException.class, () -> client.restartConnector("no-such-connector"));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.connectMessage()).contains("no-such-connector");
        assertThat(e.worker()).isEqualTo(worker.url());
    }

    @Test
    void workerThatDoesNotAnswerIsReportedBesideTheOneThatDoes() throws Exception {
        String dead = FakeWorker.deadUrl();
        ConnectClient twoWorkers = new ConnectClient(ConnectSettings.of(List.of(dead, worker.url()), Duration.ofSeconds(5)));

        ConnectStatus status = twoWorkers.status();

        assertThat(status.answered()).isTrue();
        assertThat(check.evaluate(status)).filteredOn(f -> f.check().equals("connect-unreachable"))
                .extracting(Finding::key, Finding::severity)
                .containsExactly(tuple("connect-unreachable/worker=" + dead, Severity.WARNING));
    }

    @Test
    void noWorkerAnsweringIsUnknown() throws Exception {
        String dead = FakeWorker.deadUrl();

        ConnectStatus status = new ConnectClient(ConnectSettings.of(List.of(dead), Duration.ofSeconds(5))).status();

        assertThat(check.evaluate(status)).extracting(Finding::key, Finding::severity)
                .containsExactly(tuple("connect-unreachable/worker=" + dead, Severity.UNKNOWN));
    }

    private List<Finding> findingsFor(String connector) throws InterruptedException {
        return check.evaluate(client.status()).stream()
                .filter(f -> connector.equals(f.labels().get("connector"))).toList();
    }

    private static Map<String, String> flaky(Path marker) {
        return Map.of("connector.class", FlakySourceConnector.class.getName(), "tasks.max", "1",
                FlakySourceConnector.MARKER, marker.toString());
    }
}
