package io.warden.report;

import java.time.Instant;
import java.util.List;

/**
 * The watch loop over the period, from its hourly {@code watch.summary} records.
 *
 * @param cycles        cycles run
 * @param failedCycles  cycles that failed as a whole (a probe failing inside a cycle is not one)
 * @param slowestHours  the hours with the slowest cycle, slowest first (at most five)
 * @param probeFailures failures by probe, most first
 */
public record WatchReport(long cycles, long failedCycles, List<HourReport> slowestHours, List<ProbeCount> probeFailures) {

    public WatchReport {
        slowestHours = List.copyOf(slowestHours);
        probeFailures = List.copyOf(probeFailures);
    }

    /** One summarised hour (or the part of it before the watch stopped). */
    public record HourReport(Instant from, long cycles, long p50Millis, long p90Millis, long maxMillis, Instant slowestAt) {
    }

    /** How often one probe failed. */
    public record ProbeCount(String probe, long failures) {
    }
}
