package io.warden.report;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditLog;
import io.warden.report.Report.ClusterReport;
import io.warden.report.WatchReport.HourReport;
import io.warden.report.WatchReport.ProbeCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the review {@link Report} of a period from audit records. Pure: the same records give the
 * same report, so it is tested with hand-built events and serves the CLI and any later API alike.
 *
 * <p>Counts are of records inside the period. Records before it are used only as context (when an
 * alert resolved in the period fired, which action an incident ran), so pass the whole trail.
 */
public final class ReportService {

    private static final int SLOWEST_HOURS = 5;

    private ReportService() {
    }

    /** The report of {@code [from, to)} from {@code events}, in any order. */
    public static Report build(List<AuditEvent> events, Instant from, Instant to) {
        return build(events, 0, from, to, null);
    }

    /**
     * The report of {@code [from, to)} from a trail read by {@code AuditReader}, with its skipped lines.
     *
     * @param cluster only this cluster, or null for every cluster
     */
    public static Report build(AuditLog log, Instant from, Instant to, String cluster) {
        return build(log.events(), log.skippedLines(), from, to, cluster);
    }

    private static Report build(List<AuditEvent> events, int skippedLines, Instant from, Instant to, String cluster) {
        List<AuditEvent> upToEnd = events.stream().filter(e -> e.time().isBefore(to))
                .filter(e -> cluster == null || about(e, cluster))
                .sorted(Comparator.comparing(AuditEvent::time)).toList(); // stable: same-time records keep their order
        List<AuditEvent> inPeriod = upToEnd.stream().filter(e -> !e.time().isBefore(from)).toList();
        TreeSet<String> names = new TreeSet<>();
        inPeriod.stream().map(AuditEvent::cluster).filter(Objects::nonNull).forEach(names::add);
        List<ClusterReport> clusters = new ArrayList<>();
        for (String name : names) {
            List<AuditEvent> mine = upToEnd.stream().filter(e -> about(e, name)).toList();
            List<AuditEvent> mineInPeriod = mine.stream().filter(e -> !e.time().isBefore(from)).toList();
            clusters.add(new ClusterReport(name, AlertTimeline.report(mine, from), HealIncidents.report(mine, from),
                    channels(mineInPeriod), watch(mineInPeriod)));
        }
        return new Report(from, to, inPeriod.size(), skippedLines, clusters);
    }

    /** A daemon watching several clusters records its stop once, naming them all. */
    private static boolean about(AuditEvent e, String cluster) {
        if (e.cluster() != null) {
            return e.cluster().equals(cluster);
        }
        return e.type().equals("watch.stopped") && e.data().get("clusters") instanceof List<?> l && l.contains(cluster);
    }

    private static List<ChannelReport> channels(List<AuditEvent> events) {
        Map<String, List<AuditEvent>> byChannel = new TreeMap<>();
        events.stream().filter(e -> e.type().equals("notification.sent") || e.type().equals("notification.failed"))
                .forEach(e -> byChannel.computeIfAbsent(String.valueOf(e.key()), c -> new ArrayList<>()).add(e));
        return byChannel.entrySet().stream().map(c -> {
            List<AuditEvent> sent = c.getValue().stream().filter(e -> e.type().equals("notification.sent")).toList();
            int failed = c.getValue().size() - sent.size();
            double attempts = c.getValue().stream().mapToLong(e -> Fields.number(e, "attempts", 1)).average().orElse(0);
            var took = sent.stream().mapToLong(e -> Fields.number(e, "tookMillis", -1)).filter(t -> t >= 0).average();
            return new ChannelReport(c.getKey(), sent.size(), failed, Fields.ratio(sent.size(), c.getValue().size()),
                    attempts, took.isPresent() ? took.getAsDouble() : null);
        }).toList();
    }

    private static WatchReport watch(List<AuditEvent> events) {
        long cycles = 0;
        long failedCycles = 0;
        List<HourReport> hours = new ArrayList<>();
        Map<String, Long> probes = new TreeMap<>();
        for (AuditEvent e : events) {
            if (!e.type().equals("watch.summary")) {
                continue;
            }
            long n = Fields.number(e, "cycles", 0);
            cycles += n;
            failedCycles += Fields.number(e, "failedCycles", 0);
            hours.add(new HourReport(Fields.instant(e, "from"), n, Fields.number(e, "p50Millis", 0),
                    Fields.number(e, "p90Millis", 0), Fields.number(e, "maxMillis", 0), Fields.instant(e, "slowestAt")));
            if (e.data().get("probeFailures") instanceof Map<?, ?> failures) {
                failures.forEach((probe, count) -> probes.merge(String.valueOf(probe),
                        count instanceof Number c ? c.longValue() : 0L, Long::sum));
            }
        }
        List<HourReport> slowest = hours.stream().sorted(Comparator.comparing(HourReport::maxMillis).reversed())
                .limit(SLOWEST_HOURS).toList();
        List<ProbeCount> failing = probes.entrySet().stream().filter(p -> p.getValue() > 0)
                .map(p -> new ProbeCount(p.getKey(), p.getValue()))
                .sorted(Comparator.comparing(ProbeCount::failures).reversed()).toList();
        return new WatchReport(cycles, failedCycles, slowest, failing);
    }
}
