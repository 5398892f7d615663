package io.warden.watch;

import io.warden.snapshot.SnapshotHistory;
import java.util.List;

/**
 * What one watch cycle concluded: the history it judged, lag per group and every finding.
 * Published by the monitor after each cycle; readers (CLI, metrics, HTTP) never see a half-built one.
 */
public record CycleResult(SnapshotHistory history, List<GroupLag> lags, List<Finding> findings) {

    public CycleResult {
        lags = List.copyOf(lags);
        findings = List.copyOf(findings);
    }

    public Severity worst() {
        return findings.stream().map(Finding::severity).reduce(Severity.OK, Severity::worst);
    }
}
