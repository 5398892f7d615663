package io.warden.report;

import java.time.Instant;
import java.util.List;

/**
 * The review of a period, built from the audit trail by {@link ReportService}: what alerting,
 * self-healing, notifications and the watch loop did, per cluster.
 *
 * @param from         start of the period, inclusive
 * @param to           end of the period, exclusive
 * @param events       audit records in the period (of the clusters reported, when filtered)
 * @param skippedLines lines of the trail that could not be read (a line torn by a crash, garbage)
 * @param clusters     one entry per cluster with records in the period, by name
 */
public record Report(Instant from, Instant to, int events, int skippedLines, List<ClusterReport> clusters) {

    public Report {
        clusters = List.copyOf(clusters);
    }

    /** True when the period holds no audit record at all: there is nothing to review. */
    public boolean nothingToReport() {
        return events == 0;
    }

    /** One cluster's part of the report. */
    public record ClusterReport(String cluster, AlertReport alerts, HealReport healing, List<ChannelReport> notifications,
                                WatchReport watch) {

        public ClusterReport {
            notifications = List.copyOf(notifications);
        }
    }
}
