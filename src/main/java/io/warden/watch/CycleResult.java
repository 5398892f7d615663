package io.warden.watch;

import io.warden.snapshot.SnapshotHistory;
import java.util.List;

/**
 * What one watch cycle concluded: the history it judged, lag per group, the KRaft quorum and every
 * finding. Published by the monitor after each cycle; readers (CLI, metrics, HTTP) never see a half-built one.
 *
 * @param quorum the quorum as the quorum check judged it, null when it was not described or has no leader
 */
public record CycleResult(SnapshotHistory history, List<GroupLag> lags, QuorumHealth quorum, List<Finding> findings) {

    public CycleResult {
        lags = List.copyOf(lags);
        findings = List.copyOf(findings);
    }

    /** A cycle whose quorum was not judged. */
    public CycleResult(SnapshotHistory history, List<GroupLag> lags, List<Finding> findings) {
        this(history, lags, null, findings);
    }

    /** The cycle judged with {@code settings}: lag by {@code lag}, findings by {@code checks}. */
    static CycleResult judge(SnapshotHistory history, LagEvaluator lag, List<Check> checks) {
        return new CycleResult(history, lag.evaluate(history),
                QuorumHealth.of(history, lag.settings().quorumCatchUpTimeout()).orElse(null),
                Checks.evaluateAll(checks, history));
    }

    public Severity worst() {
        return findings.stream().map(Finding::severity).reduce(Severity.OK, Severity::worst);
    }
}
