package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An instance of a fleet: its role is shown under {@code ha}; owning no cluster it stands by and is
 * UP; given a cluster it cannot watch it is DOWN, saying which.
 */
class HealthStatusRoleTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
    private final WardenMetrics metrics = new WardenMetrics(clock);

    @Test
    void aStandbyIsUpAndSaysItsRole() {
        var health = new HealthStatus(metrics, clock, Duration.ofMinutes(1))
                .withRole(() -> Map.of("instance", "warden-2", "owned", java.util.List.of()), () -> null);

        var report = health.check(false);
        assertThat(report.httpStatus()).isEqualTo(200);
        assertThat(health.toJson(report)).contains("\"ha\":{").contains("\"instance\":\"warden-2\"");
    }

    @Test
    void aClusterGivenButNotWatchedMakesItDown() {
        var health = new HealthStatus(metrics, clock, Duration.ofMinutes(1))
                .withRole(() -> Map.of("instance", "warden-2"), () -> "given east by the fleet but cannot read its state");

        var report = health.check(false);
        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.error()).contains("east");
    }

    @Test
    void withoutAFleetNoClusterIsStillDown() {
        assertThat(new HealthStatus(metrics, clock, Duration.ofMinutes(1)).check(false).httpStatus()).isEqualTo(503);
    }
}
