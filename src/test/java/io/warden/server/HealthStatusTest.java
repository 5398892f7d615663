package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static io.warden.server.Fixtures.finding;
import static io.warden.server.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.watch.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthStatusTest {

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics("c", clock);
    private final HealthStatus health = new HealthStatus(metrics, clock, Duration.ofSeconds(90));

    @Test
    void downUntilTheFirstCycleCompletes() {
        var report = health.check();

        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.status()).isEqualTo("DOWN");
        assertThat(report.lastCycle()).isNull();
        assertThat(report.error()).contains("no watch cycle");
    }

    @Test
    void upAfterASuccessfulCycleWithItsFindingsThenDownWhenStale() {
        metrics.publish(result(List.of(), finding("a", Severity.CRITICAL)));
        metrics.recordCycle(Duration.ofSeconds(1), false);
        clock.advance(Duration.ofSeconds(90));

        var fresh = health.check();
        assertThat(fresh.httpStatus()).isEqualTo(200);
        assertThat(fresh.ageSeconds()).isEqualTo(90);
        assertThat(fresh.findings()).containsEntry("CRITICAL", 1).containsEntry("WARNING", 0);
        assertThat(health.toJson(fresh)).isEqualTo("{\"status\":\"UP\",\"lastCycle\":\"2025-01-01T12:00:00Z\","
                + "\"ageSeconds\":90,\"findings\":{\"OK\":0,\"INFO\":0,\"WARNING\":0,\"CRITICAL\":1,\"UNKNOWN\":0},"
                + "\"error\":null}");

        clock.advance(Duration.ofSeconds(1));
        var stale = health.check();
        assertThat(stale.httpStatus()).isEqualTo(503);
        assertThat(stale.error()).contains("91s ago");
    }

    @Test
    void downAfterAFailedCycleWithItsReason() {
        metrics.recordCycle(Duration.ofSeconds(1), false);
        metrics.recordFailedCycle(Duration.ofSeconds(1), "bootstrap unreachable");

        var report = health.check();

        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.error()).isEqualTo("bootstrap unreachable");
    }

    @Test
    void aStalenessLimitMustBePositive() {
        assertThatThrownBy(() -> new HealthStatus(metrics, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
