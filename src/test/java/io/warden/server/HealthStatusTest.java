package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static io.warden.server.Fixtures.finding;
import static io.warden.server.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.snapshot.ProbeFailure;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.CycleResult;
import io.warden.watch.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthStatusTest {

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics(clock);
    private final ClusterMetrics cluster = metrics.cluster("c");
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
        cluster.publish(result(List.of(), finding("a", Severity.CRITICAL)));
        cluster.recordCycle(Duration.ofSeconds(1), false);
        clock.advance(Duration.ofSeconds(90));

        var fresh = health.check();
        assertThat(fresh.httpStatus()).isEqualTo(200);
        assertThat(fresh.ageSeconds()).isEqualTo(90);
        assertThat(fresh.findings()).containsEntry("CRITICAL", 1).containsEntry("WARNING", 0);
        assertThat(health.toJson(fresh)).isEqualTo("{\"status\":\"UP\",\"lastCycle\":\"2025-01-01T12:00:00Z\","
                + "\"ageSeconds\":90,\"findings\":{\"OK\":0,\"INFO\":0,\"WARNING\":0,\"CRITICAL\":1,\"UNKNOWN\":0},"
                + "\"error\":null,\"clusters\":{\"c\":{\"status\":\"UP\",\"lastCycle\":\"2025-01-01T12:00:00Z\","
                + "\"ageSeconds\":90,\"findings\":{\"OK\":0,\"INFO\":0,\"WARNING\":0,\"CRITICAL\":1,\"UNKNOWN\":0},"
                + "\"error\":null}}}");

        clock.advance(Duration.ofSeconds(1));
        var stale = health.check();
        assertThat(stale.httpStatus()).isEqualTo(503);
        assertThat(stale.error()).contains("91s ago");
    }

    @Test
    void downAfterAFailedCycleWithItsReason() {
        cluster.recordCycle(Duration.ofSeconds(1), false);
        cluster.recordFailedCycle(Duration.ofSeconds(1), "bootstrap unreachable");

        var report = health.check();

        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.error()).isEqualTo("bootstrap unreachable");
    }

    @Test
    void oneClusterDownMakesTheDaemonDownAndTheReportSaysWhichWhileTheOthersStayUp() {
        var east = metrics.cluster("east");
        cluster.publish(result(List.of(), finding("a", Severity.WARNING)));
        cluster.recordCycle(Duration.ofSeconds(1), false);
        east.publish(result(List.of(), finding("b", Severity.CRITICAL)));
        east.recordCycle(Duration.ofSeconds(1), false);
        clock.advance(Duration.ofSeconds(30));
        east.recordFailedCycle(Duration.ofSeconds(10), "bootstrap unreachable");

        var report = health.check();

        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.error()).isEqualTo("east: bootstrap unreachable");
        assertThat(report.clusters()).containsOnlyKeys("c", "east");
        assertThat(report.clusters().get("c").up()).isTrue();
        assertThat(report.clusters().get("east").up()).isFalse();
        assertThat(report.findings()).containsEntry("WARNING", 1).containsEntry("CRITICAL", 1);
        // the whole report is as old as the cluster heard from longest ago
        assertThat(report.ageSeconds()).isEqualTo(30);
        assertThat(report.lastCycle()).isEqualTo("2025-01-01T12:00:00Z");

        east.recordCycle(Duration.ofSeconds(1), false);
        assertThat(health.check().up()).isTrue();
    }

    @Test
    void aClusterThatHasNotCycledYetKeepsTheDaemonDown() {
        cluster.recordCycle(Duration.ofSeconds(1), false);
        metrics.cluster("late");

        var report = health.check();

        assertThat(report.up()).isFalse();
        assertThat(report.lastCycle()).isNull();
        assertThat(report.error()).isEqualTo("late: no watch cycle has completed yet");
    }

    @Test
    void withoutDetailsEachDownClusterHasOnlyAGenericReason() {
        var east = metrics.cluster("east");
        var late = metrics.cluster("late");
        cluster.recordCycle(Duration.ofSeconds(1), false);
        east.recordFailedCycle(Duration.ofSeconds(1), "SaslAuthenticationException at kafka-e1.internal:9093");
        clock.advance(Duration.ofSeconds(91));
        late.recordCycle(Duration.ofSeconds(1), false);

        var report = health.check(false);

        assertThat(report.error()).isEqualTo("cluster c: stale; cluster east: unreachable");
        assertThat(report.clusters().get("east").error()).isEqualTo("unreachable");
        assertThat(health.toJson(report)).doesNotContain("Sasl").doesNotContain("kafka-e1").doesNotContain("91s");
        assertThat(health.check(true).error()).contains("c: last watch cycle ended 91s ago", "east: SaslAuthenticationException");
        metrics.cluster("new");
        assertThat(health.check(false).error()).endsWith("cluster new: starting");
    }

    @Test
    void aStalenessLimitMustBePositive() {
        assertThatThrownBy(() -> new HealthStatus(metrics, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCycleTheClusterDidNotAnswerLeavesItDownThoughTheCycleEnded() {
        var east = metrics.cluster("east");
        cluster.publish(result(List.of()));
        cluster.recordCycle(Duration.ofSeconds(1), false);
        var refused = new ProbeFailure("cluster", "*", "TimeoutException: Timed out waiting for a node assignment; "
                + "bootstrap kafka-e1.internal:9092 refused the connection");
        east.publish(new CycleResult(SnapshotHistory.of(Fixtures.snapshot(refused)), List.of(),
                List.of(finding("cluster-unreachable", Severity.UNKNOWN))));
        east.recordCycle(Duration.ofSeconds(2), false);

        var anonymous = health.check(false);
        assertThat(anonymous.httpStatus()).isEqualTo(503);
        assertThat(anonymous.clusters().get("c").up()).isTrue();
        assertThat(anonymous.clusters().get("east").up()).isFalse();
        assertThat(anonymous.clusters().get("east").lastCycle()).isNotNull();
        assertThat(anonymous.error()).isEqualTo("cluster east: unreachable");
        assertThat(health.toJson(anonymous)).doesNotContain("kafka-e1").doesNotContain("Timeout");

        assertThat(health.check(true).error()).isEqualTo("east: cluster did not answer: TimeoutException: Timed out waiting "
                + "for a node assignment; bootstrap kafka-e1.internal:9092 refused the connection");
    }

    @Test
    void aProbeThatFailedForOneTargetLeavesTheClusterUp() {
        cluster.publish(new CycleResult(SnapshotHistory.of(Fixtures.snapshot(new ProbeFailure("logdirs", "broker=2", "timeout"))),
                List.of(), List.of()));
        cluster.recordCycle(Duration.ofSeconds(1), false);

        assertThat(health.check().httpStatus()).isEqualTo(200);
    }

    @Test
    void liveWhileEveryPartRunsWhateverTheClustersDo() {
        var live = health.live(false);

        assertThat(live.httpStatus()).isEqualTo(200);
        assertThat(health.toJson(live)).isEqualTo("{\"status\":\"UP\"}");
        assertThat(health.check().httpStatus()).isEqualTo(503); // no cycle yet: not ready, yet alive
    }

    @Test
    void notLiveWhenAPartStalledAndWhyOnlyForACallerWithAToken() {
        Map<String, String> stalled = new LinkedHashMap<>();
        var withParts = new HealthStatus(metrics, clock, Duration.ofSeconds(90), () -> stalled);
        assertThat(withParts.live(false).httpStatus()).isEqualTo(200);

        stalled.put("cluster east", "watch loop: no watch cycle ended for 200s, limit 180s");
        var anonymous = withParts.live(false);
        var detailed = withParts.live(true);

        assertThat(anonymous.httpStatus()).isEqualTo(503);
        assertThat(withParts.toJson(anonymous)).isEqualTo("{\"status\":\"DOWN\",\"stalled\":{\"cluster east\":\"stalled\"}}");
        assertThat(detailed.stalled()).containsEntry("cluster east", "watch loop: no watch cycle ended for 200s, limit 180s");
    }
}
