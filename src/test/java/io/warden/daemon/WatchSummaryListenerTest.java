package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.audit.AuditTrail;
import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.ProbeFailure;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.CycleResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchSummaryListenerTest {

    private static final Instant T0 = Instant.parse("2026-01-31T10:00:00Z");

    @TempDir
    Path dir;

    private final io.warden.MutableClock clock = new io.warden.MutableClock(T0);

    @Test
    void oneRecordPerClockHourWrittenByTheNextHoursFirstCycle() {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail audit = AuditTrail.open(file, 1 << 20, 1)) {
            var summary = new WatchSummaryListener("prod", audit, clock);
            // 10:00-11:00: ten cycles of 100..1000 ms, one failed cycle, probe failures in two of them
            for (int i = 1; i <= 10; i++) {
                clock.set(T0.plusSeconds(i * 300L));
                summary.onCycle(result(i == 4 ? List.of(failure("logdirs"), failure("logdirs"))
                        : i == 7 ? List.of(failure("groups")) : List.of()), Duration.ofMillis(i * 100L));
            }
            clock.set(T0.plusSeconds(3300));
            summary.onCycleFailed(new IllegalStateException("boom"), Duration.ofMillis(50));
            assertThat(events(file)).as("nothing until the hour is over").isEmpty();

            clock.set(T0.plusSeconds(3600 + 30)); // first cycle of 11:00 writes 10:00
            summary.onCycle(result(List.of()), Duration.ofMillis(200));

            List<AuditEvent> written = events(file);
            assertThat(written).hasSize(1);
            AuditEvent hour = written.get(0);
            assertThat(hour.type()).isEqualTo("watch.summary");
            assertThat(hour.cluster()).isEqualTo("prod");
            assertThat(hour.time()).isEqualTo(T0.plusSeconds(3630));
            assertThat(hour.data()).containsEntry("from", "2026-01-31T10:00:00Z").containsEntry("to", "2026-01-31T11:00:00Z")
                    .containsEntry("cycles", 11).containsEntry("failedCycles", 1)
                    .containsEntry("p50Millis", 500).containsEntry("p90Millis", 900).containsEntry("maxMillis", 1000)
                    // the slowest cycle ended at 10:50:00 after 1 s
                    .containsEntry("slowestAt", "2026-01-31T10:49:59Z")
                    .containsEntry("probeFailures", Map.of("groups", 1, "logdirs", 2));

            clock.set(T0.plusSeconds(3600 + 600));
            summary.close(); // the part-hour since 11:00 is written at stop
            summary.onCycle(result(List.of()), Duration.ofMillis(999)); // a cycle that outlived the stop
            summary.close();

            written = events(file);
            assertThat(written).hasSize(2);
            assertThat(written.get(1).data()).containsEntry("from", "2026-01-31T11:00:00Z")
                    .containsEntry("to", "2026-01-31T11:10:00Z").containsEntry("cycles", 1).containsEntry("failedCycles", 0)
                    .containsEntry("maxMillis", 200).containsEntry("probeFailures", Map.of());
        }
    }

    @Test
    void nothingPendingWritesNothingAtStop() {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail audit = AuditTrail.open(file, 1 << 20, 1)) {
            new WatchSummaryListener("prod", audit, clock).close();
        }
        assertThat(events(file)).isEmpty();
    }

    @Test
    void moreCyclesThanItKeepsStillCountsThemAllAndTheMax() {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail audit = AuditTrail.open(file, 1 << 20, 1)) {
            var summary = new WatchSummaryListener("prod", audit, clock);
            int n = WatchSummaryListener.MAX_DURATIONS + 10;
            for (int i = 0; i < n; i++) {
                summary.onCycle(result(List.of()), Duration.ofMillis(i == n - 1 ? 5000 : 10));
            }
            summary.close();
        }
        assertThat(events(file).get(0).data()).containsEntry("cycles", WatchSummaryListener.MAX_DURATIONS + 10)
                .containsEntry("p90Millis", 10).containsEntry("maxMillis", 5000);
    }

    private static List<AuditEvent> events(Path file) {
        return AuditReader.read(file, AuditReader.all()).events();
    }

    private static ProbeFailure failure(String probe) {
        return new ProbeFailure(probe, "*", "timed out");
    }

    private CycleResult result(List<ProbeFailure> failures) {
        Snapshot s = new Snapshot(clock.instant(), new ClusterInfo("cid", List.of(), Set.of(), null, null), List.of(),
                List.of(), List.of(), Map.of(), failures, 10, null);
        return new CycleResult(SnapshotHistory.of(s), List.of(), List.of());
    }
}
