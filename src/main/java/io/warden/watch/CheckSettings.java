package io.warden.watch;

import io.warden.config.WardenConfig;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the built-in checks need to know beyond the snapshots.
 *
 * @param window          sliding window for lag trend and group status (Burrow-style)
 * @param lagWarning      total group lag (messages) at which a group is a warning
 * @param lagCritical     total group lag at which a group is critical
 * @param dlqPatterns     topic name patterns that are dead-letter queues
 * @param dlqWarning      messages retained in a DLQ at which it is a warning
 * @param dlqCritical     ... critical
 * @param diskWarning     fraction of a log-dir volume in use that is a warning (0..1)
 * @param diskCritical    ... critical
 * @param urpCriticalPercent percent of partitions under-replicated that is critical (any is a warning)
 * @param largestTopics   how many of the largest topics a disk finding names as evidence
 * @param lagGrowthWarning a group whose lag grows faster than this many messages per minute over
 *                        the window is a warning, whatever its lag
 * @param rebalanceWarning rebalances of one group within the window that are a warning (a group
 *                        that keeps rebalancing makes no progress even when its lag looks fine)
 * @param quorumCatchUpTimeout a KRaft voter not caught up with the metadata log for longer than this
 *                        is lagging and no longer counts toward the quorum's majority
 */
public record CheckSettings(Duration window, long lagWarning, long lagCritical, List<Pattern> dlqPatterns,
                            long dlqWarning, long dlqCritical, double diskWarning, double diskCritical,
                            double urpCriticalPercent, int largestTopics, double lagGrowthWarning,
                            int rebalanceWarning, Duration quorumCatchUpTimeout) {

    public CheckSettings {
        dlqPatterns = List.copyOf(dlqPatterns);
    }

    public static CheckSettings defaults() {
        return new CheckSettings(Duration.ofMinutes(5), 10_000, 100_000,
                WardenConfig.DlqConfig.DEFAULT_PATTERNS.stream().map(Pattern::compile).toList(),
                100, 1_000, 0.80, 0.90, 5.0, 5, 1_000, 3, WardenConfig.QuorumConfig.DEFAULT_CATCH_UP_TIMEOUT);
    }

    /**
     * The thresholds a config file sets, the defaults where it sets none: what the daemon,
     * {@code warden status} and {@code warden verify} judge with when given the same file.
     */
    public static CheckSettings of(WardenConfig config) {
        var c = config.checks();
        var d = defaults();
        return new CheckSettings(config.watch().window(),
                c.lag().warning() == null ? d.lagWarning() : c.lag().warning().longValue(),
                c.lag().critical() == null ? d.lagCritical() : c.lag().critical().longValue(),
                c.dlq().patterns().stream().map(Pattern::compile).toList(), c.dlq().warning(), c.dlq().critical(),
                c.disk().warning() == null ? d.diskWarning() : c.disk().warning(),
                c.disk().critical() == null ? d.diskCritical() : c.disk().critical(),
                c.underReplicated().criticalPercent() == null ? d.urpCriticalPercent() : c.underReplicated().criticalPercent(),
                d.largestTopics(),
                c.lagGrowth().warning() == null ? d.lagGrowthWarning() : c.lagGrowth().warning(),
                c.rebalances().warning() == null ? d.rebalanceWarning() : c.rebalances().warning().intValue(),
                c.quorum().catchUpTimeout());
    }

    /** The same settings with another catch-up timeout for KRaft voters. */
    public CheckSettings withQuorumCatchUpTimeout(Duration timeout) {
        return new CheckSettings(window, lagWarning, lagCritical, dlqPatterns, dlqWarning, dlqCritical, diskWarning,
                diskCritical, urpCriticalPercent, largestTopics, lagGrowthWarning, rebalanceWarning, timeout);
    }

    /** The same settings with the lag thresholds given, where given (null keeps this one's). */
    public CheckSettings withLag(Long warning, Long critical) {
        return new CheckSettings(window, warning == null ? lagWarning : warning, critical == null ? lagCritical : critical,
                dlqPatterns, dlqWarning, dlqCritical, diskWarning, diskCritical, urpCriticalPercent, largestTopics,
                lagGrowthWarning, rebalanceWarning, quorumCatchUpTimeout);
    }

    public boolean isDlq(String topic) {
        return dlqPatterns.stream().anyMatch(p -> p.matcher(topic).matches());
    }
}
