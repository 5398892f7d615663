package io.warden.watch;

import io.warden.connect.ConnectState;
import io.warden.connect.ConnectStatus;
import io.warden.connect.ConnectorStatus;
import io.warden.connect.TaskStatus;
import io.warden.connect.WorkerProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectCheckTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String A = "http://connect-a:8083";
    private static final String B = "http://connect-b:8083";
    private static final String TRACE = """
            org.apache.kafka.connect.errors.ConnectException: cannot reach database orders-db:5432
            \tat io.example.JdbcSourceTask.poll(JdbcSourceTask.java:88)
            \tat org.apache.kafka.connect.runtime.AbstractWorkerSourceTask.poll(AbstractWorkerSourceTask.java:488)
            Caused by: java.net.ConnectException: Connection refused
            \tat java.base/sun.nio.ch.Net.connect0(Native Method)
            """;

    private final ConnectCheck check = new ConnectCheck();

    @Test
    void runningConnectorsOnAnsweringWorkersHaveNoFinding() {
        ConnectStatus status = status(List.of(up(A), up(B)), connector("orders", ConnectState.RUNNING,
                task(0, ConnectState.RUNNING, null), task(1, ConnectState.RUNNING, null)));

        assertThat(check.evaluate(status)).isEmpty();
    }

    @Test
    void failedTaskIsCriticalWithWorkerAndTheHeadOfItsTrace() {
        ConnectStatus status = status(List.of(up(A)), connector("orders", ConnectState.RUNNING,
                task(0, ConnectState.RUNNING, null), task(1, ConnectState.FAILED, TRACE)));

        List<Finding> findings = check.evaluate(status);

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.key()).isEqualTo("connector-task-failed/connector=orders/task=1");
        assertThat(f.check()).isEqualTo("connector-task-failed");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).isEqualTo("task 1 of connector orders failed on worker 10.0.0.7:8083: "
                + "org.apache.kafka.connect.errors.ConnectException: cannot reach database orders-db:5432");
        assertThat(f.labels()).containsEntry("connector", "orders").containsEntry("task", "1")
                .containsEntry("worker", "10.0.0.7:8083");
        assertThat(f.evidence()).containsEntry("workerId", "10.0.0.7:8083")
                .containsEntry("connectorClass", "io.example.JdbcSourceConnector")
                .containsEntry("trace", "org.apache.kafka.connect.errors.ConnectException: cannot reach database orders-db:5432\n"
                        + "Caused by: java.net.ConnectException: Connection refused");
    }

    @Test
    void failedConnectorIsCriticalBesideItsFailedTasks() {
        ConnectStatus status = status(List.of(up(A)),
                connector("orders", ConnectState.FAILED, task(0, ConnectState.FAILED, TRACE)));

        assertThat(check.evaluate(status)).extracting(Finding::key, Finding::severity).containsExactly(
                tuple("connector-failed/connector=orders", Severity.CRITICAL),
                tuple("connector-task-failed/connector=orders/task=0", Severity.CRITICAL));
    }

    @Test
    void pausedAndStoppedConnectorsAreShownButNotPaged() {
        ConnectStatus status = status(List.of(up(A)),
                connector("orders", ConnectState.PAUSED, task(0, ConnectState.PAUSED, null)),
                connector("audit", ConnectState.STOPPED));

        assertThat(check.evaluate(status)).extracting(Finding::key, Finding::severity, Finding::message).containsExactly(
                tuple("connector-paused/connector=orders", Severity.INFO, "connector orders is PAUSED and moves no data until resumed"),
                tuple("connector-paused/connector=audit", Severity.INFO, "connector audit is STOPPED and moves no data until resumed"));
    }

    @Test
    void workerThatDoesNotAnswerIsAWarningWhileAnotherDoes() {
        ConnectStatus status = status(List.of(down(A), up(B)), connector("orders", ConnectState.RUNNING));

        List<Finding> findings = check.evaluate(status);

        assertThat(findings).extracting(Finding::key, Finding::severity)
                .containsExactly(tuple("connect-unreachable/worker=" + A, Severity.WARNING));
        assertThat(findings.get(0).message())
                .isEqualTo("Connect worker http://connect-a:8083 did not answer: ConnectException: Connection refused (1 of 2 workers answered)");
        assertThat(findings.get(0).labels()).containsEntry("worker", A);
        assertThat(findings.get(0).evidence()).containsEntry("answeringWorkers", List.of(B));
    }

    @Test
    void noWorkerAnsweringIsUnknownAndSaysNothingAboutConnectors() {
        ConnectStatus status = new ConnectStatus(T0, List.of(down(A), new WorkerProbe(B, 401, "answered HTTP 401: Unauthorized")),
                List.of());

        assertThat(check.evaluate(status)).extracting(Finding::key, Finding::severity).containsExactly(
                tuple("connect-unreachable/worker=" + A, Severity.UNKNOWN),
                tuple("connect-unreachable/worker=" + B, Severity.UNKNOWN));
        assertThat(check.evaluate(status).get(1).message())
                .isEqualTo("no Connect worker answered, connectors unknown: http://connect-b:8083 answered HTTP 401: Unauthorized");
    }

    @Test
    void traceExcerptKeepsTheExceptionAndItsCausesWithinBounds() {
        String longLine = "org.example.BoomException: " + "x".repeat(1000);
        String trace = longLine + "\n\tat a.B.c(B.java:1)\nCaused by: e.One: 1\nCaused by: e.Two: 2\nCaused by: e.Three: 3\nCaused by: e.Four: 4\n";

        String excerpt = ConnectCheck.excerpt(trace);

        assertThat(excerpt.lines().toList()).hasSize(4)
                .startsWith(longLine.substring(0, ConnectCheck.TRACE_LINE_CHARS) + "…")
                .endsWith("Caused by: e.Three: 3");
        assertThat(ConnectCheck.excerpt(null)).isNull();
    }

    @Test
    void failureWithoutWorkerOrTraceStillMakesAFinding() {
        ConnectStatus status = status(List.of(up(A)), new ConnectorStatus("orders", null, null, ConnectState.RUNNING,
                null, null, List.of(new TaskStatus(3, ConnectState.FAILED, null, null))));

        Finding f = check.evaluate(status).get(0);

        assertThat(f.message()).isEqualTo("task 3 of connector orders failed");
        assertThat(f.labels()).containsOnlyKeys("connector", "task");
        assertThat(f.evidence()).doesNotContainKeys("workerId", "trace");
    }

    private static ConnectStatus status(List<WorkerProbe> workers, ConnectorStatus... connectors) {
        return new ConnectStatus(T0, workers, List.of(connectors));
    }

    private static WorkerProbe up(String url) {
        return new WorkerProbe(url, 200, null);
    }

    private static WorkerProbe down(String url) {
        return new WorkerProbe(url, 0, "did not answer: ConnectException: Connection refused");
    }

    private static ConnectorStatus connector(String name, ConnectState state, TaskStatus... tasks) {
        return new ConnectorStatus(name, "source", "io.example.JdbcSourceConnector", state, "10.0.0.5:8083",
                state == ConnectState.FAILED ? TRACE : null, List.of(tasks));
    }

    private static TaskStatus task(int id, ConnectState state, String trace) {
        return new TaskStatus(id, state, "10.0.0.7:8083", trace);
    }
}
