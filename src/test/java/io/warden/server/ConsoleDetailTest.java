package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.watch.CycleResult;
import io.warden.watch.GroupStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A DLQ's reading and a group's diagnosis over real HTTP: asked for only of what the latest cycle
 * found (any other name is refused before the backend reads anything) and read again only once
 * the answer kept is 30 s old.
 */
class ConsoleDetailTest {

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics(clock);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> reads = new CopyOnWriteArrayList<>();
    private WardenServer server;
    private String base;

    @BeforeEach
    void serve() {
        server = new WardenServer(new ServerSettings("127.0.0.1", 0), metrics,
                new HealthStatus(metrics, clock, Duration.ofSeconds(30)), ApiSettings.unauthenticated(), new Backend()).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void onlyADlqTheLatestCycleFoundIsReadAndItsReadingIsKept30Seconds() throws Exception {
        assertThat(get("/api/console/dlq?cluster=prod&topic=orders")).as("not a DLQ").isEqualTo(404);
        assertThat(get("/api/console/dlq?cluster=prod&topic=gone.dlq")).as("a DLQ's name, unknown to the cycle").isEqualTo(404);
        assertThat(get("/api/console/dlq?cluster=elsewhere&topic=t")).isEqualTo(404);
        assertThat(get("/api/console/dlq?topic=t")).isEqualTo(400);
        assertThat(reads).isEmpty();

        assertThat(get("/api/console/dlq?cluster=prod&topic=t")).isEqualTo(200);
        assertThat(get("/api/console/dlq?cluster=prod&topic=t")).isEqualTo(200);
        assertThat(reads).containsExactly("dlq prod/t");
        clock.advance(ConsoleRoutes.FRESH);
        assertThat(get("/api/console/dlq?cluster=prod&topic=t")).isEqualTo(200);
        assertThat(reads).containsExactly("dlq prod/t", "dlq prod/t");
    }

    @Test
    void onlyAGroupTheLatestCycleFoundIsDiagnosed() throws Exception {
        assertThat(get("/api/console/diagnosis?cluster=prod&group=nobody")).isEqualTo(404);
        assertThat(get("/api/console/diagnosis?cluster=elsewhere&group=billing")).isEqualTo(404);
        assertThat(reads).isEmpty();

        assertThat(get("/api/console/diagnosis?cluster=prod&group=billing")).isEqualTo(200);
        assertThat(get("/api/console/diagnosis?cluster=prod&group=billing")).isEqualTo(200);
        assertThat(reads).containsExactly("diagnosis prod/billing");
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** One cluster "prod" whose latest cycle has topic "t" (a DLQ) and group "billing"; reads are recorded. */
    private final class Backend implements ReadOnlyBackend {
        @Override
        public Map<String, CycleResult> cycles() {
            return Map.of("prod", Fixtures.result(List.of(Fixtures.group("billing", 50, 10.0, GroupStatus.WARN))));
        }

        @Override
        public boolean isDlq(String topic) {
            return topic.equals("t") || topic.endsWith(".dlq");
        }

        @Override
        public DlqDetail dlqDetail(String cluster, String topic) {
            reads.add("dlq " + cluster + "/" + topic);
            return new DlqDetail(cluster, topic, clock.instant(), 3, 3, false, T0, T0, List.of(), 0);
        }

        @Override
        public GroupDiagnosis diagnosis(String cluster, String group) {
            reads.add("diagnosis " + cluster + "/" + group);
            return new GroupDiagnosis(cluster, group, clock.instant(), "WARNING", 50, List.of("1. Spread:     uniform"),
                    List.of("scale out"));
        }
    }
}
