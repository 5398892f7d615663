package io.warden.protect.drift;

import java.time.Instant;
import java.util.List;

/** What changed between a baseline and now; {@link #exitCode()} is 0 without drift and 1 with it (Nagios warning). */
public record DriftReport(Instant baselineAt, Instant now, List<DriftChange> changes) {

    public boolean drifted() {
        return !changes.isEmpty();
    }

    public int exitCode() {
        return drifted() ? 1 : 0;
    }
}
