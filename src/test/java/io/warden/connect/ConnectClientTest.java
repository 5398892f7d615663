package io.warden.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.warden.WardenException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST client against real HTTP servers that answer the way Connect does. */
class ConnectClientTest {

    static final String PASSWORD = "s3cret-Pa55word";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** Shaped like Connect 4.x's answer to GET /connectors?expand=status&expand=info. */
    static final String EXPANDED = """
            {"orders":{"status":{"name":"orders","connector":{"state":"RUNNING","worker_id":"10.0.0.5:8083"},
                "tasks":[{"id":1,"state":"FAILED","worker_id":"10.0.0.7:8083","trace":"java.lang.IllegalStateException: boom\\n\\tat x.Y.z(Y.java:1)"},
                         {"id":0,"state":"RUNNING","worker_id":"10.0.0.5:8083"}],"type":"source"},
              "info":{"name":"orders","config":{"connector.class":"io.example.OrdersSource","db.password":"hunter22"},
                "tasks":[{"connector":"orders","task":0},{"connector":"orders","task":1}],"type":"source"}},
             "audit":{"status":{"name":"audit","connector":{"state":"PAUSED","worker_id":"10.0.0.5:8083"},"tasks":[],"type":"sink"},
              "info":{"name":"audit","config":{"connector.class":"io.example.AuditSink"},"tasks":[],"type":"sink"}}}
            """;

    private final List<FakeWorker> workers = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        workers.forEach(FakeWorker::close);
    }

    @Test
    void statusReadsEveryConnectorInOneRequestWithoutItsConfig() throws Exception {
        FakeWorker worker = worker((r) -> new FakeWorker.Reply(200, EXPANDED));

        ConnectStatus status = client(worker.url()).status();

        assertThat(worker.requests()).extracting(FakeWorker.Request::method, FakeWorker.Request::pathAndQuery)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/connectors?expand=status&expand=info"));
        assertThat(worker.requests().get(0).authorization()).isNull();
        assertThat(status.takenAt()).isEqualTo(T0);
        assertThat(status.workers()).containsExactly(new WorkerProbe(worker.url(), 200, null));
        assertThat(status.connectors()).containsExactly(
                new ConnectorStatus("audit", "sink", "io.example.AuditSink", ConnectState.PAUSED, "10.0.0.5:8083", null, List.of()),
                new ConnectorStatus("orders", "source", "io.example.OrdersSource", ConnectState.RUNNING, "10.0.0.5:8083", null, List.of(
                        new TaskStatus(0, ConnectState.RUNNING, "10.0.0.5:8083", null),
                        new TaskStatus(1, ConnectState.FAILED, "10.0.0.7:8083", "java.lang.IllegalStateException: boom\n\tat x.Y.z(Y.java:1)"))));
        assertThat(status.toString()).doesNotContain("hunter22");
    }

    @Test
    void workersAreTriedInOrderAndTheOthersOnlyPinged() throws Exception {
        String dead = FakeWorker.deadUrl();
        FakeWorker second = worker((r) -> new FakeWorker.Reply(200, r.pathAndQuery().equals("/") ? "{\"version\":\"4.3.1\"}" : EXPANDED));
        FakeWorker third = worker((r) -> new FakeWorker.Reply(200, "{\"version\":\"4.3.1\"}"));

        ConnectStatus status = client(dead, second.url(), third.url()).status();

        assertThat(status.answered()).isTrue();
        assertThat(status.connectors()).hasSize(2);
        assertThat(status.workers()).extracting(WorkerProbe::url, WorkerProbe::httpStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(dead, 0),
                        org.assertj.core.groups.Tuple.tuple(second.url(), 200),
                        org.assertj.core.groups.Tuple.tuple(third.url(), 200));
        assertThat(status.workers().get(0).error()).startsWith("did not answer: could not connect (ConnectException");
        assertThat(third.requests()).extracting(FakeWorker.Request::pathAndQuery).containsExactly("/");
    }

    @Test
    void urlOfSomethingElseThanAConnectWorkerIsReported() throws Exception {
        FakeWorker connect = worker((r) -> new FakeWorker.Reply(200, EXPANDED));
        FakeWorker website = worker((r) -> new FakeWorker.Reply(200, "<html>welcome</html>"));

        ConnectStatus status = client(connect.url(), website.url()).status();

        assertThat(status.workers().get(1)).isEqualTo(new WorkerProbe(website.url(), 200,
                "answered HTTP 200 but not as a Connect worker (no version in GET /)"));
    }

    @Test
    void unknownHostIsNamed() throws Exception {
        ConnectStatus status = client("http://no-such-host.invalid:8083").status();

        assertThat(status.workers().get(0).error()).isEqualTo("did not answer: host no-such-host.invalid not found");
    }

    @Test
    void workerThatHangsIsReportedAfterTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeWorker hanging = worker((r) -> {
            release.await(10, TimeUnit.SECONDS);
            return new FakeWorker.Reply(200, "{}");
        });
        try {
            ConnectStatus status = new ConnectClient(new ConnectSettings(List.of(java.net.URI.create(hanging.url())), null, null,
                    Duration.ofMillis(300))).status();

            assertThat(status.answered()).isFalse();
            assertThat(status.workers().get(0).error()).isEqualTo("did not answer within 300 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void restartAsksForFailedTasksTooAndReturnsWhatConnectAccepted() throws Exception {
        FakeWorker worker = worker((r) -> new FakeWorker.Reply(202, """
                {"name":"my orders","connector":{"state":"RUNNING","worker_id":"w1:8083"},
                 "tasks":[{"id":0,"state":"RESTARTING","worker_id":"w1:8083"}],"type":"source"}"""));

        ConnectorStatus accepted = client(worker.url()).restartConnector("my orders").orElseThrow();

        assertThat(worker.requests()).extracting(FakeWorker.Request::method, FakeWorker.Request::pathAndQuery).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/connectors/my%20orders/restart?includeTasks=true&onlyFailed=true"));
        assertThat(accepted.tasks()).containsExactly(new TaskStatus(0, ConnectState.RESTARTING, "w1:8083", null));
    }

    @Test
    void errorsCarryTheHttpStatusAndConnectsMessage() throws Exception {
        FakeWorker worker = worker((r) -> new FakeWorker.Reply(404, "{\"error_code\":404,\"message\":\"Connector nope not found\"}"));

        ConnectApiException e = catchThrowableOfType(ConnectApiException.class, () -> client(worker.url()).restartTask("nope", 2));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.connectMessage()).isEqualTo("Connector nope not found");
        assertThat(e.worker()).isEqualTo(worker.url());
        assertThat(e.exitCode()).isEqualTo(WardenException.USAGE);
        assertThat(e.getMessage()).isEqualTo("POST " + worker.url() + "/connectors/nope/tasks/2/restart answered HTTP 404: Connector nope not found");
        assertThat(worker.requests()).hasSize(1);
    }

    @Test
    void restartWithNoWorkerAnsweringSaysWhichWorkersWereTried() throws Exception {
        String dead = FakeWorker.deadUrl();

        ConnectApiException e = catchThrowableOfType(ConnectApiException.class, () -> client(dead).restartConnector("orders"));

        assertThat(e.httpStatus()).isZero();
        assertThat(e.exitCode()).isEqualTo(WardenException.UNAVAILABLE);
        assertThat(e.getMessage()).startsWith("no Connect worker answered POST /connectors/orders/restart?includeTasks=true&onlyFailed=true: "
                + dead + " did not answer: ");
    }

    @Test
    void basicAuthIsSentOnEveryRequest() throws Exception {
        FakeWorker worker = worker((r) -> new FakeWorker.Reply(r.method().equals("GET") ? 200 : 204, r.method().equals("GET") ? "{}" : ""));
        ConnectClient client = authenticated(worker.url());

        client.status();
        client.restartTask("orders", 0);

        String expected = "Basic " + Base64.getEncoder().encodeToString(("warden:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(worker.requests()).extracting(FakeWorker.Request::authorization).containsExactly(expected, expected);
    }

    @Test
    void passwordAppearsInNoMessageEvenWhenTheServerEchoesIt() throws Exception {
        // a misbehaving proxy that puts what it was sent into its error page
        FakeWorker echoing = worker((r) -> new FakeWorker.Reply(401, "bad credentials " + r.authorization() + " / "
                + new String(Base64.getDecoder().decode(r.authorization().substring(6)), StandardCharsets.UTF_8)));
        String dead = FakeWorker.deadUrl();
        ConnectClient client = authenticated(echoing.url(), dead);
        String token = Base64.getEncoder().encodeToString(("warden:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        ConnectStatus status = client.status();
        ConnectApiException e = catchThrowableOfType(ConnectApiException.class, () -> client.restartConnector("orders"));

        assertThat(status.workers().get(0).error()).startsWith("answered HTTP 401: bad credentials");
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.exitCode()).isEqualTo(WardenException.CONFIG);
        for (String text : List.of(status.toString(), e.getMessage(), e.connectMessage(), e.toString(), client.toString(),
                ConnectSettings.of(List.of(dead), Duration.ofSeconds(1)).withBasicAuth("warden", PASSWORD).toString())) {
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(token);
        }
        assertThat(client.toString()).contains("username=warden", "password=[hidden]");
    }

    @Test
    void credentialsInsideAWorkerUrlAreRefusedWithoutRepeatingThem() {
        WardenException e = catchThrowableOfType(WardenException.class,
                () -> ConnectSettings.of(List.of("http://warden:" + PASSWORD + "@connect:8083"), Duration.ofSeconds(1)));

        assertThat(e.getMessage()).doesNotContain(PASSWORD).contains("username and password");
        assertThat(e.exitCode()).isEqualTo(WardenException.CONFIG);
    }

    private FakeWorker worker(FakeWorker.Answer answer) throws Exception {
        FakeWorker worker = new FakeWorker(answer);
        workers.add(worker);
        return worker;
    }

    private static ConnectClient client(String... urls) {
        return new ConnectClient(ConnectSettings.of(List.of(urls), Duration.ofSeconds(5)), Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static ConnectClient authenticated(String... urls) {
        return new ConnectClient(ConnectSettings.of(List.of(urls), Duration.ofSeconds(5)).withBasicAuth("warden", PASSWORD),
                Clock.fixed(T0, ZoneOffset.UTC));
    }
}
