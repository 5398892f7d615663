package io.warden.watch;

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

    public static final List<String> DEFAULT_DLQ_PATTERNS = List.of(".*\\.(dlq|DLT)$", "^dlq[-.].*");
    public static final Duration DEFAULT_QUORUM_CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    public CheckSettings {
        dlqPatterns = List.copyOf(dlqPatterns);
    }

    public static CheckSettings defaults() {
        return new CheckSettings(Duration.ofMinutes(5), 10_000, 100_000,
                DEFAULT_DLQ_PATTERNS.stream().map(Pattern::compile).toList(),
                100, 1_000, 0.80, 0.90, 5.0, 5, 1_000, 3, DEFAULT_QUORUM_CATCH_UP_TIMEOUT);
    }

    /** The same settings with another catch-up timeout for KRaft voters. */
    public CheckSettings withQuorumCatchUpTimeout(Duration timeout) {
        return new CheckSettings(window, lagWarning, lagCritical, dlqPatterns, dlqWarning, dlqCritical, diskWarning,
                diskCritical, urpCriticalPercent, largestTopics, lagGrowthWarning, rebalanceWarning, timeout);
    }

    public boolean isDlq(String topic) {
        return dlqPatterns.stream().anyMatch(p -> p.matcher(topic).matches());
    }
}
