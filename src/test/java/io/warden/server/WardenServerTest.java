package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static io.warden.server.Fixtures.group;
import static io.warden.server.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.watch.GroupStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WardenServerTest {

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics(clock);
    private final ClusterMetrics cluster = metrics.cluster("c");
    private final HealthStatus health = new HealthStatus(metrics, clock, Duration.ofSeconds(30));
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private WardenServer server;

    @BeforeEach
    void start() throws IOException {
        server = new WardenServer(new ServerSettings("127.0.0.1", 0), metrics, health).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void portZeroBindsAnEphemeralPort() {
        assertThat(server.port()).isBetween(1, 65_535);
    }

    @Test
    void metricsServesThePrometheusTextFormat() throws Exception {
        cluster.recordCycle(Duration.ofMillis(200), false);
        cluster.publish(result(List.of(group("g", 42, null, GroupStatus.OK))));

        var response = send("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("kafka_consumergroup_lag{cluster=\"c\",group=\"g\",partition=\"0\",topic=\"t\",type=\"CONSUMER\"} 42.0\n");
        assertThat(response.body()).contains("warden_cycles_total{cluster=\"c\"} 1.0\n");
    }

    @Test
    void healthIsUpAfterACycleThenDownWhenTheMonitorStops() throws Exception {
        cluster.recordCycle(Duration.ofSeconds(1), false);
        clock.advance(Duration.ofSeconds(10));

        var up = send("GET", "/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json.readTree(up.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("ageSeconds").asLong()).isEqualTo(10);
        assertThat(body.get("lastCycle").asText()).isEqualTo("2025-01-01T12:00:00Z");

        clock.advance(Duration.ofSeconds(21));

        var down = send("GET", "/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json.readTree(down.body()).get("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void unknownPathIsANotFoundInJson() throws Exception {
        var response = send("GET", "/metricsx");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).get("path").asText()).isEqualTo("/metricsx");
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        var post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

        var head = send("HEAD", "/health");
        assertThat(head.statusCode()).isEqualTo(503); // no cycle yet
        assertThat(head.body()).isEmpty();
    }

    @Test
    void closeStopsServingWithinASecond() throws Exception {
        long started = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

        assertThatThrownBy(() -> send("GET", "/health")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> server.start()).isInstanceOf(IllegalStateException.class);
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
