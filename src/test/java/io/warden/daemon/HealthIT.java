package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.config.ConfigLoader;
import io.warden.config.WardenConfig;
import io.warden.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a real cluster, a port that refuses connections and a broker that accepts connections but
 * never answers (what a frozen broker looks like from outside: the kernel still completes the TCP
 * handshake), when one daemon watches all three, then {@code /health} and {@code /health/ready}
 * answer 503 and name the two that do not answer, within the watch timeout and one interval,
 * while {@code /health/live} answers 200: Warden itself runs. Watching the real cluster alone
 * answers 200 everywhere.
 */
class HealthIT {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String TOKEN = "viewer-token-0123456789";

    static EmbeddedKafka kafka;
    static String refused;
    static SilentBroker frozen;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void clusters() throws IOException {
        kafka = EmbeddedKafka.single();
        try (var socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            refused = "127.0.0.1:" + socket.getLocalPort(); // closed again: nothing listens there
        }
        frozen = new SilentBroker();
    }

    @AfterAll
    static void stop() throws IOException {
        frozen.close();
        kafka.close();
    }

    @Test
    void aClusterThatRefusesOrNeverAnswersIsNotReadyWhileWardenStaysLive() throws Exception {
        WardenConfig config = config(Map.of("up", kafka.bootstrapServers(), "refused", refused, "frozen", frozen.address()));
        try (var runner = new WatchRunner(config, new PrintWriter(new StringWriter(), true), Clock.systemUTC())) {
            runner.start();
            long started = System.nanoTime(); // the loops run from here
            URI base = URI.create("http://127.0.0.1:" + runner.httpPort());

            // a cycle ended for each, and judged it: not the "starting" every cluster has before its first cycle
            await().atMost(TIMEOUT.plus(INTERVAL).plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> judged(get(base, "/health", null).body(), "frozen") && judged(get(base, "/health", null).body(), "refused"));
            Duration judgedIn = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("health: frozen and refused clusters DOWN %d ms after the loops started (timeout %d ms + interval %d ms)%n",
                    judgedIn.toMillis(), TIMEOUT.toMillis(), INTERVAL.toMillis());
            assertThat(judgedIn).isLessThanOrEqualTo(TIMEOUT.plus(INTERVAL));

            for (String path : List.of("/health", "/health/ready")) {
                var anonymous = get(base, path, null);
                assertThat(anonymous.statusCode()).as(path + " " + anonymous.body()).isEqualTo(503);
                JsonNode report = json.readTree(anonymous.body());
                assertThat(report.get("status").asText()).isEqualTo("DOWN");
                assertThat(report.get("clusters").get("up").get("status").asText()).as(anonymous.body()).isEqualTo("UP");
                assertThat(report.get("clusters").get("refused").get("error").asText()).isEqualTo("unreachable");
                assertThat(report.get("clusters").get("frozen").get("error").asText()).isEqualTo("unreachable");
                assertThat(anonymous.body()).doesNotContain("127.0.0.1").doesNotContain("Exception");
            }
            var detailed = json.readTree(get(base, "/health", TOKEN).body());
            assertThat(detailed.get("clusters").get("frozen").get("error").asText()).startsWith("cluster did not answer: ");

            var live = get(base, "/health/live", null);
            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
            assertThat(json.readTree(live.body()).get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aClusterThatAnswersIsReadyAndWardenLive() throws Exception {
        WardenConfig config = config(Map.of("up", kafka.bootstrapServers()));
        try (var runner = new WatchRunner(config, new PrintWriter(new StringWriter(), true), Clock.systemUTC()).start()) {
            URI base = URI.create("http://127.0.0.1:" + runner.httpPort());

            await().atMost(Duration.ofSeconds(20)).until(() -> get(base, "/health", null).statusCode() == 200);
            assertThat(get(base, "/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(get(base, "/health/live", null).statusCode()).isEqualTo(200);
        }
    }

    /** Down for a reason a finished cycle gave: a last cycle is known, and the cluster is DOWN. */
    private boolean judged(String body, String cluster) throws IOException {
        JsonNode c = json.readTree(body).get("clusters").get(cluster);
        return c != null && !c.get("lastCycle").isNull() && c.get("status").asText().equals("DOWN");
    }

    private WardenConfig config(Map<String, String> clusters) throws IOException {
        StringBuilder yaml = new StringBuilder("clusters:\n");
        new java.util.TreeMap<>(clusters).forEach((name, bootstrap) ->
                yaml.append("  - {name: ").append(name).append(", bootstrap-servers: \"").append(bootstrap).append("\"}\n"));
        yaml.append("""
                watch: {interval: %dms, timeout: %dms, window: 10s, shutdown-timeout: 10s}
                alerts: {silences-file: %s}
                audit: {file: %s}
                http:
                  host: 127.0.0.1
                  port: 0
                  auth:
                    tokens:
                      - {name: grafana, token: "${VIEWER}", role: viewer}
                """.formatted(INTERVAL.toMillis(), TIMEOUT.toMillis(), dir.resolve("silences.json"), dir.resolve("audit.jsonl")));
        Path file = Files.writeString(dir.resolve("warden.yaml"), yaml);
        return new ConfigLoader(Map.of("VIEWER", TOKEN)::get).load(file);
    }

    private HttpResponse<String> get(URI base, String path, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Accepts every connection and never reads or writes a byte, as a SIGSTOPped broker does. */
    static final class SilentBroker implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentBroker() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
