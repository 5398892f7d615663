package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.alert.Alert;
import io.warden.server.ApiToken.Role;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The REST API over real HTTP: who may read, who may change silences, and that no secret leaks. */
class WardenApiTest {

    private static final String VIEWER = "viewer-secret-0123456789abcdef";
    private static final String OPERATOR = "operator-secret-fedcba9876543210";
    private static final String SILENCE = "{\"matchers\": {\"group\": \"billing\"}, \"duration\": \"2h\", "
            + "\"comment\": \"deploying billing\"}";

    @TempDir
    Path dir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics(clock);
    private final ClusterMetrics cluster = metrics.cluster("c");
    private final HealthStatus health = new HealthStatus(metrics, clock, Duration.ofSeconds(30));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<WardenServer> servers = new ArrayList<>();
    private TestBackend backend;
    private RecordingClient client;

    @BeforeEach
    void start() throws IOException {
        backend = new TestBackend(dir, clock);
        client = serve(new ApiSettings(true, tokens(), false, null));
    }

    @AfterEach
    void noSecretInAnyResponse() {
        servers.forEach(WardenServer::close);
        assertThat(client.responses()).isNotEmpty();
        client.assertNothingLeaked(List.of(VIEWER, OPERATOR));
    }

    @Test
    void withoutATokenTheApiAnswers401AndNothingElse() throws Exception {
        for (var call : List.of(List.of("GET", "/api/alerts"), List.of("POST", "/api/silences"),
                List.of("DELETE", "/api/silences/abc"), List.of("GET", "/api/nothing-here"), List.of("PUT", "/api/alerts"))) {
            var response = client.send(call.get(0), call.get(1), null, call.get(0).equals("POST") ? SILENCE : null);

            assertThat(response.statusCode()).as("%s", call).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"warden\"");
            assertThat(response.body()).isEqualTo("{\"status\":401,\"error\":\"authentication required\"}");
        }
        assertThat(backend.silences()).isEmpty();
    }

    @Test
    void aWrongOrMalformedTokenIs401() throws Exception {
        for (String header : List.of("Bearer not-a-configured-token-at-all", "Basic " + VIEWER, VIEWER, "Bearer ",
                "Bearer " + VIEWER.substring(0, VIEWER.length() - 1), "Bearer " + VIEWER + "x")) {
            var request = HttpRequest.newBuilder(URI.create(base() + "/api/alerts"))
                    .header("Authorization", header).timeout(Duration.ofSeconds(5)).build();
            var response = client.record(http.send(request, HttpResponse.BodyHandlers.ofString()));

            assertThat(response.statusCode()).as(header).isEqualTo(401);
        }
    }

    @Test
    void aViewerReadsAlertsFindingsAndSilencesAsJson() throws Exception {
        var finding = new Finding("consumer-lag/group=billing", "consumer-lag", Severity.CRITICAL, 5000,
                "group billing is 5000 messages behind", Map.of("group", "billing"), Map.of("topPartition", 3));
        backend.findings.add(new ClusterFinding("c", finding));
        backend.alerts.add(new Alert(finding.key(), "consumer-lag", Severity.CRITICAL, "c", T0, T0.plusSeconds(120),
                finding, Map.of("group", "billing", "team", "payments"), "check the consumers"));

        var alerts = client.send("GET", "/api/alerts", VIEWER, null);

        assertThat(alerts.statusCode()).isEqualTo(200);
        assertThat(alerts.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode alert = json.readTree(alerts.body()).get(0);
        assertThat(alert.get("key").asText()).isEqualTo("consumer-lag/group=billing");
        assertThat(alert.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(alert.get("activeSince").asText()).isEqualTo("2025-01-01T12:00:00Z");
        assertThat(alert.get("firingSince").asText()).isEqualTo("2025-01-01T12:02:00Z");
        assertThat(alert.get("labels").get("team").asText()).isEqualTo("payments");
        assertThat(alert.get("finding").get("evidence").get("topPartition").asInt()).isEqualTo(3);

        var findings = client.send("GET", "/api/findings", VIEWER, null);
        assertThat(findings.statusCode()).isEqualTo(200);
        JsonNode found = json.readTree(findings.body()).get(0);
        assertThat(found.get("cluster").asText()).isEqualTo("c");
        assertThat(found.get("key").asText()).isEqualTo("consumer-lag/group=billing");
        assertThat(found.get("message").asText()).isEqualTo("group billing is 5000 messages behind");

        var silences = client.send("GET", "/api/silences", VIEWER, null);
        assertThat(silences.statusCode()).isEqualTo(200);
        assertThat(silences.body()).isEqualTo("[]");
    }

    @Test
    void aViewerCannotCreateOrExpireASilence() throws Exception {
        var existing = backend.addSilence(Map.of("group", "orders"), Duration.ofHours(1), "oncall", "");

        var create = client.send("POST", "/api/silences", VIEWER, SILENCE);
        var expire = client.send("DELETE", "/api/silences/" + existing.id(), VIEWER, null);

        for (var response : List.of(create, expire)) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo(
                    "{\"status\":403,\"error\":\"the viewer role cannot do this; an operator token is needed\"}");
        }
        assertThat(backend.silences()).extracting(s -> s.id()).containsExactly(existing.id());
    }

    @Test
    void anOperatorCreatesListsAndExpiresASilenceInItsOwnName() throws Exception {
        var created = client.send("POST", "/api/silences", OPERATOR,
                "{\"matchers\": {\"group\": \"billing\"}, \"duration\": \"2h\", \"comment\": \"deploying billing\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode silence = json.readTree(created.body());
        String id = silence.get("id").asText();
        assertThat(silence.get("createdBy").asText()).isEqualTo("oncall");
        assertThat(silence.get("matchers").get("group").asText()).isEqualTo("billing");
        assertThat(silence.get("createdAt").asText()).isEqualTo("2025-01-01T12:00:00Z");
        assertThat(silence.get("endsAt").asText()).isEqualTo("2025-01-01T14:00:00Z");
        assertThat(silence.get("comment").asText()).isEqualTo("deploying billing");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/silences/" + id);

        var listed = client.send("GET", "/api/silences", VIEWER, null);
        assertThat(json.readTree(listed.body()).findValuesAsText("id")).containsExactly(id);

        var expired = client.send("DELETE", "/api/silences/" + id, OPERATOR, null);
        assertThat(expired.statusCode()).isEqualTo(204);
        assertThat(expired.body()).isEmpty();
        assertThat(backend.silences()).isEmpty();

        var again = client.send("DELETE", "/api/silences/" + id, OPERATOR, null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(json.readTree(again.body()).get("error").asText()).isEqualTo("no silence has the id " + id);
    }

    @Test
    void aBadSilenceIs400NamingTheField() throws Exception {
        var cases = Map.of(
                "{\"matchers\": {\"group\": \"billing\"}, \"duration\": \"soon\"}",
                "duration: 'soon' is not a duration such as 30m or 2h",
                "{\"matchers\": {\"group\": \"billing\"}}", "duration: required, e.g. 30m or 2h",
                "{\"duration\": \"1h\"}", "matchers: required, an object of label to regex, e.g. {\"group\": \"billing\"}",
                "{\"matchers\": {\"group\": 7}, \"duration\": \"1h\"}", "matchers.group: must be a string (a regex)",
                "{\"matchers\": {\"group\": \"b\"}, \"duration\": \"1h\", \"createdBy\": \"admin\"}",
                "createdBy: set by Warden to the name of the caller's token; leave it out",
                "[1, 2]", "body: expected a JSON object with matchers, duration and comment");
        for (var c : cases.entrySet()) {
            var response = client.send("POST", "/api/silences", OPERATOR, c.getKey());

            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(json.readTree(response.body()).get("error").asText()).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(backend.silences()).isEmpty();
    }

    @Test
    void whatTheSilenceStoreRejectsIs400WithItsReason() throws Exception {
        var emptyMatchers = client.send("POST", "/api/silences", OPERATOR, "{\"matchers\": {}, \"duration\": \"1h\"}");
        var badRegex = client.send("POST", "/api/silences", OPERATOR, "{\"matchers\": {\"group\": \"(\"}, \"duration\": \"1h\"}");
        var notJson = client.send("POST", "/api/silences", OPERATOR, "{matchers");

        assertThat(emptyMatchers.statusCode()).isEqualTo(400);
        assertThat(emptyMatchers.body()).contains("a silence needs at least one matcher");
        assertThat(badRegex.statusCode()).isEqualTo(400);
        assertThat(badRegex.body()).contains("matcher is not a valid regular expression");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notJson.body()).get("error").asText()).startsWith("body: not valid JSON");
        assertThat(backend.silences()).isEmpty();
    }

    @Test
    void aBodyOver64KiBIs413() throws Exception {
        String big = "{\"matchers\": {\"group\": \"billing\"}, \"duration\": \"1h\", \"comment\": \""
                + "x".repeat(WardenServer.MAX_BODY_BYTES) + "\"}";

        var response = client.send("POST", "/api/silences", OPERATOR, big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(backend.silences()).isEmpty();
    }

    @Test
    void aChunkedBodyOver64KiBIs413Too() throws Exception {
        byte[] big = ("{\"comment\": \"" + "x".repeat(WardenServer.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(base() + "/api/silences")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + OPERATOR).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();

        var response = client.record(http.send(request, HttpResponse.BodyHandlers.ofString()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(backend.silences()).isEmpty();
    }

    @Test
    void eachRouteAllowsOnlyItsMethods() throws Exception {
        var deleteAlerts = client.send("DELETE", "/api/alerts", OPERATOR, null);
        var putSilences = client.send("PUT", "/api/silences", OPERATOR, SILENCE);
        var getOneSilence = client.send("GET", "/api/silences/abc", OPERATOR, null);

        assertThat(deleteAlerts.statusCode()).isEqualTo(405);
        assertThat(deleteAlerts.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(putSilences.statusCode()).isEqualTo(405);
        assertThat(putSilences.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(getOneSilence.statusCode()).isEqualTo(405);
        assertThat(getOneSilence.headers().firstValue("Allow")).hasValue("DELETE");
        assertThat(client.send("GET", "/api/unknown", OPERATOR, null).statusCode()).isEqualTo(404);
    }

    @Test
    void metricsAndHealthAreOpenByDefaultAndNeedAViewerWhenProtected() throws Exception {
        assertThat(client.send("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThat(client.send("GET", "/health", null, null).statusCode()).isEqualTo(503); // no cycle yet, but answered

        client = serve(new ApiSettings(true, tokens(), true, null));

        assertThat(client.send("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
        assertThat(client.send("GET", "/health", null, null).statusCode()).isEqualTo(401);
        assertThat(client.send("GET", "/metrics", "wrong-token-wrong-token", null).statusCode()).isEqualTo(401);
        var scraped = client.send("GET", "/metrics", VIEWER, null);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("warden_cycles_total{cluster=\"c\"} 0.0");
        assertThat(client.send("GET", "/health", OPERATOR, null).statusCode()).isEqualTo(503);
    }

    @Test
    void readinessIsGuardedAsHealthIsWhileLivenessStaysOpenForASupervisor() throws Exception {
        client = serve(new ApiSettings(true, tokens(), true, null));

        assertThat(client.send("GET", "/health/ready", null, null).statusCode()).isEqualTo(401);
        assertThat(client.send("GET", "/health/ready", VIEWER, null).statusCode()).isEqualTo(503); // no cycle yet
        var live = client.send("GET", "/health/live", null, null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void healthTellsStrangersOnlyThatAClusterIsUnreachableAndViewersWhy() throws Exception {
        cluster.recordFailedCycle(Duration.ofSeconds(10), "org.apache.kafka.common.errors.SaslAuthenticationException: "
                + "authentication failed at kafka-1.internal:9093 for sasl.jaas.config password=hunter2-sasl");

        for (var anonymous : List.of(client.send("GET", "/health", null, null),
                client.send("GET", "/health", "not-a-configured-token-at-all", null),
                serve(ApiSettings.unauthenticated()).send("GET", "/health", null, null))) {
            assertThat(anonymous.statusCode()).isEqualTo(503);
            JsonNode body = json.readTree(anonymous.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(body.get("error").asText()).isEqualTo("cluster c: unreachable");
            assertThat(body.get("clusters").get("c").get("error").asText()).isEqualTo("unreachable");
            assertThat(anonymous.body()).doesNotContain("Sasl").doesNotContain("kafka-1.internal").doesNotContain("hunter2");
        }

        client = serve(new ApiSettings(true, tokens(), false, null));
        var viewer = client.send("GET", "/health", VIEWER, null);
        client = serve(new ApiSettings(true, tokens(), true, null));
        var protectedViewer = client.send("GET", "/health", VIEWER, null);
        for (var detailed : List.of(viewer, protectedViewer)) {
            assertThat(detailed.statusCode()).isEqualTo(503);
            assertThat(json.readTree(detailed.body()).get("error").asText()).isEqualTo("org.apache.kafka.common.errors."
                    + "SaslAuthenticationException: authentication failed at kafka-1.internal:9093 for sasl.jaas.config "
                    + "password=[hidden]");
            assertThat(detailed.body()).doesNotContain("hunter2");
        }
    }

    @Test
    void withAuthExplicitlyOffAnyoneMayActAndIsRecordedAsAnonymous() throws Exception {
        client = serve(ApiSettings.unauthenticated());

        var created = client.send("POST", "/api/silences", null, SILENCE);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json.readTree(created.body()).get("createdBy").asText()).isEqualTo("anonymous");
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415SoACrossSiteFormCannotSetASilence() throws Exception {
        client = serve(ApiSettings.unauthenticated()); // no token to forge: only the content type stands in the way
        // what a page on another site can send without asking the browser's permission first
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain; charset=utf-8; x=application/json")) {
            var request = HttpRequest.newBuilder(URI.create(base() + "/api/silences")).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(SILENCE)).build();

            var response = client.record(http.send(request, HttpResponse.BodyHandlers.ofString()));

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(json.readTree(response.body()).get("error").asText()).as(type)
                    .isEqualTo("a request body must be Content-Type: application/json");
        }
        var untyped = HttpRequest.newBuilder(URI.create(base() + "/api/silences")).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(SILENCE)).build();
        assertThat(client.record(http.send(untyped, HttpResponse.BodyHandlers.ofString())).statusCode()).isEqualTo(415);
        var typedDelete = HttpRequest.newBuilder(URI.create(base() + "/api/silences/abc")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "text/plain").method("DELETE", HttpRequest.BodyPublishers.ofString("x")).build();
        assertThat(client.record(http.send(typedDelete, HttpResponse.BodyHandlers.ofString())).statusCode()).isEqualTo(415);
        assertThat(backend.silences()).isEmpty();

        var declared = HttpRequest.newBuilder(URI.create(base() + "/api/silences")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "Application/JSON; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(SILENCE)).build();
        assertThat(client.record(http.send(declared, HttpResponse.BodyHandlers.ofString())).statusCode()).isEqualTo(201);
        String id = backend.silences().get(0).id();
        assertThat(client.send("DELETE", "/api/silences/" + id, null, null).statusCode()).isEqualTo(204); // no body: no type needed
    }

    @Test
    void aDeniedRequestIsLoggedOnceWithPathMethodAddressAndTokenNameButNeverTheToken() throws Exception {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(WardenServer.class);
        logger.addAppender(appender);
        try {
            client.send("POST", "/api/silences", VIEWER, SILENCE);
            client.send("GET", "/api/alerts", OPERATOR + "x", null);
        } finally {
            logger.detachAppender(appender);
        }

        List<String> lines;
        synchronized (appender) { // appends happen on server threads, under this lock
            lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.startsWith("event=http_denied")).toList();
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("status=403", "method=POST", "path=/api/silences", "remote=127.0.0.1:",
                "token=grafana");
        assertThat(lines.get(1)).contains("status=401", "reason=bad_token", "method=GET", "path=/api/alerts", "token=-");
        assertThat(String.join("\n", lines)).doesNotContain(VIEWER).doesNotContain(OPERATOR);
    }

    private static List<ApiToken> tokens() {
        return List.of(new ApiToken("grafana", VIEWER, Role.VIEWER), new ApiToken("oncall", OPERATOR, Role.OPERATOR));
    }

    private RecordingClient serve(ApiSettings settings) throws IOException {
        var server = new WardenServer(new ServerSettings("127.0.0.1", 0), metrics, health, settings, backend).start();
        servers.add(server);
        var recording = new RecordingClient(http, "http://127.0.0.1:" + server.port());
        if (client != null) {
            client.responses().forEach(recording::record); // keep every response under the leak check
        }
        return recording;
    }

    private String base() {
        return "http://127.0.0.1:" + servers.get(servers.size() - 1).port();
    }
}
