package io.warden.daemon;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditTrail;
import io.warden.report.Stats;
import io.warden.snapshot.ProbeFailure;
import io.warden.watch.CycleResult;
import io.warden.watch.WatchLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums up each clock hour of one cluster's watch cycles in one {@code watch.summary} audit record
 * (cycles, failed cycles, p50/p90/max cycle millis, the slowest cycle's start, probe failures by
 * probe), so {@code warden report} can name slow hours and flaky probes from the audit trail alone.
 * An hour is written by the first cycle of the next hour; {@link #close()} writes the part-hour that
 * is pending when the watch stops. Cheap by design: a fixed array of durations per hour.
 */
final class WatchSummaryListener implements WatchLoop.Listener {

    /** An hour of 1 s cycles fits; beyond it the percentiles come from the hour's first cycles, counts and max stay exact. */
    static final int MAX_DURATIONS = 4096;

    private final String cluster;
    private final AuditTrail audit;
    private final Clock clock;
    private final long[] durations = new long[MAX_DURATIONS];
    private final Map<String, Long> probeFailures = new TreeMap<>();
    private Instant hour; // start of the hour being summed up; null when nothing is pending
    private int cycles;
    private int failedCycles;
    private long maxMillis = -1;
    private Instant slowestAt;
    private boolean closed;

    WatchSummaryListener(String cluster, AuditTrail audit, Clock clock) {
        this.cluster = cluster;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public synchronized void onCycle(CycleResult result, Duration took) {
        record(took, result.history().latest().failures(), false);
    }

    @Override
    public synchronized void onCycleFailed(RuntimeException error, Duration took) {
        record(took, List.of(), true);
    }

    private void record(Duration took, List<ProbeFailure> failures, boolean failed) {
        if (closed) {
            return; // a cycle that outlived the stop: its hour was already written
        }
        Instant now = clock.instant();
        Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
        if (hour != null && !thisHour.equals(hour)) {
            write(hour.plus(Duration.ofHours(1)));
        }
        if (hour == null) {
            hour = thisHour;
        }
        long millis = took.toMillis();
        if (cycles < MAX_DURATIONS) {
            durations[cycles] = millis;
        }
        cycles++;
        if (failed) {
            failedCycles++;
        }
        if (millis > maxMillis) {
            maxMillis = millis;
            slowestAt = now.minus(took);
        }
        failures.forEach(f -> probeFailures.merge(f.probe(), 1L, Long::sum));
    }

    /** Writes what is pending (a part-hour) and ignores later cycles; called once the loop has stopped. */
    synchronized void close() {
        if (!closed) {
            write(clock.instant());
            closed = true;
        }
    }

    private void write(Instant to) {
        if (hour == null) {
            return;
        }
        long[] kept = Arrays.copyOf(durations, Math.min(cycles, MAX_DURATIONS));
        Arrays.sort(kept);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", hour.toString());
        data.put("to", to.toString());
        data.put("cycles", cycles);
        data.put("failedCycles", failedCycles);
        data.put("p50Millis", Stats.percentile(kept, 50));
        data.put("p90Millis", Stats.percentile(kept, 90));
        data.put("maxMillis", maxMillis);
        data.put("slowestAt", slowestAt.toString());
        data.put("probeFailures", Map.copyOf(probeFailures));
        audit.append(new AuditEvent(clock.instant(), "watch.summary", cluster, null, data));
        hour = null;
        cycles = 0;
        failedCycles = 0;
        maxMillis = -1;
        slowestAt = null;
        probeFailures.clear();
    }
}
