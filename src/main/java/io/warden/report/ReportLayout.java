package io.warden.report;

import io.warden.report.HealReport.ReasonCount;
import io.warden.watch.Humanize;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report as titled sections of sentences and tables: the one layout that the terminal table
 * and the Markdown file both render, so the two never tell different stories.
 */
public final class ReportLayout {

    /**
     * One titled part of the report.
     *
     * @param level  1 the report, 2 a cluster, 3 a topic of it, 4 a detail of the topic
     * @param lines  sentences to show before the table
     * @param header the table's column names; empty when there is no table
     * @param rows   the table's rows, each as wide as the header
     */
    public record Section(int level, String title, List<String> lines, List<String> header, List<List<String>> rows) {

        public Section {
            lines = List.copyOf(lines);
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }

        static Section text(int level, String title, String... lines) {
            return new Section(level, title, Arrays.asList(lines), List.of(), List.of());
        }

        public boolean hasTable() {
            return !header.isEmpty();
        }
    }

    private ReportLayout() {
    }

    /** Every section in reading order: the header, then per cluster its alerts, healing, notifications and watch. */
    public static List<Section> of(Report r) {
        List<Section> s = new ArrayList<>();
        s.add(Section.text(1, "Warden report",
                "Period: " + time(r.from()) + " to " + time(r.to()) + " ("
                        + Humanize.duration(Duration.between(r.from(), r.to()).toSeconds()) + ")",
                "Clusters: " + (r.clusters().isEmpty() ? "none"
                        : r.clusters().stream().map(Report.ClusterReport::cluster).collect(Collectors.joining(", "))),
                "Audit records in the period: " + Humanize.count(r.events()) + "; unreadable lines skipped: "
                        + Humanize.count(r.skippedLines())));
        for (Report.ClusterReport c : r.clusters()) {
            s.add(Section.text(2, "Cluster " + c.cluster()));
            alerts(s, c.alerts());
            healing(s, c.healing());
            notifications(s, c.notifications());
            watch(s, c.watch());
        }
        return s;
    }

    private static void alerts(List<Section> s, AlertReport a) {
        if (a.fired() == 0 && a.resolved() == 0 && a.silenced() == 0 && a.stillFiring().isEmpty()) {
            s.add(Section.text(3, "Alerts", "No alert fired, resolved or was firing in this period."));
            return;
        }
        List<List<String>> rows = a.byCheck().stream()
                .map(c -> List.of(c.check(), c.severity(), Humanize.count(c.fired()))).toList();
        s.add(new Section(3, "Alerts", List.of(
                a.fired() + " fired, " + a.resolved() + " resolved, " + a.silenced() + " silenced, "
                        + a.stillFiring().size() + " still firing at the end",
                "Time to resolve (fired to resolved): " + seconds(a.timeToResolveSeconds()),
                "Time to detect (finding raised to alert fired, the rules' for: wait; a problem's true start is "
                        + "unknown): " + seconds(a.timeToDetectSeconds())),
                rows.isEmpty() ? List.of() : List.of("CHECK", "SEVERITY", "FIRED"), rows));
        if (!a.stillFiring().isEmpty()) {
            s.add(new Section(4, "Still firing", List.of(), List.of("KEY", "SEVERITY", "FIRING SINCE"),
                    a.stillFiring().stream().map(f -> List.of(f.key(), String.valueOf(f.severity()), time(f.firingSince())))
                            .toList()));
        }
    }

    private static void healing(List<Section> s, HealReport h) {
        if (h.incidentsActedOn() == 0 && h.actions().isEmpty() && h.escalations().isEmpty() && h.dryRunDecisions() == 0) {
            s.add(Section.text(3, "Self-healing", "Warden did not act, escalate or dry-run in this period."));
            return;
        }
        s.add(new Section(3, "Self-healing", List.of(
                h.incidentsActedOn() + " incident(s) acted on, " + h.recovered() + " recovered (" + percent(h.recoveryRate())
                        + "), " + h.resolvedAfterEscalation() + " resolved only after escalation to a human; "
                        + h.dryRunDecisions() + " dry-run decision(s)",
                "Detect to recover (alert active to resolved, recovered incidents): " + seconds(h.detectToRecoverSeconds())),
                h.actions().isEmpty() ? List.of() : List.of("ACTION", "ATTEMPTS", "DONE", "FAILED", "INTERRUPTED",
                        "UNVERIFIED", "INCIDENTS", "RECOVERED", "RATE", "RECOVER MEAN", "RECOVER MEDIAN"),
                h.actions().stream().map(a -> List.of(a.action(), n(a.attempts()), n(a.done()), n(a.failed()),
                        n(a.interrupted()), n(a.unverified()), n(a.incidents()), n(a.recovered()), percent(a.recoveryRate()),
                        secs(a.detectToRecoverSeconds().mean()), secs(a.detectToRecoverSeconds().median()))).toList()));
        if (!h.escalations().isEmpty()) {
            s.add(new Section(4, "Escalations", List.of(), List.of("PLAYBOOK", "ESCALATIONS", "TOP REASONS"),
                    h.escalations().stream().map(e -> List.of(e.playbook(), n(e.escalations()), reasons(e.topReasons())))
                            .toList()));
        }
    }

    private static void notifications(List<Section> s, List<ChannelReport> channels) {
        if (channels.isEmpty()) {
            s.add(Section.text(3, "Notifications", "No notification was sent or failed in this period."));
            return;
        }
        s.add(new Section(3, "Notifications", List.of(),
                List.of("CHANNEL", "SENT", "FAILED", "DELIVERED", "MEAN ATTEMPTS", "MEAN DELIVERY TIME"),
                channels.stream().map(c -> List.of(c.channel(), n(c.sent()), n(c.failed()), percent(c.deliveryRate()),
                        c.meanAttempts() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.meanAttempts()),
                        millis(c.meanDeliveryMillis()))).toList()));
    }

    private static void watch(List<Section> s, WatchReport w) {
        if (w.cycles() == 0) {
            s.add(Section.text(3, "Watch cycles", "No watch.summary record in this period (the watch writes one an hour)."));
            return;
        }
        s.add(Section.text(3, "Watch cycles", Humanize.count(w.cycles()) + " cycles, " + Humanize.count(w.failedCycles())
                + " failed as a whole"));
        s.add(new Section(4, "Slowest hours", List.of(), List.of("HOUR", "CYCLES", "P50", "P90", "MAX", "SLOWEST CYCLE AT"),
                w.slowestHours().stream().map(h -> List.of(time(h.from()), Humanize.count(h.cycles()),
                        millis((double) h.p50Millis()), millis((double) h.p90Millis()), millis((double) h.maxMillis()),
                        time(h.slowestAt()))).toList()));
        if (!w.probeFailures().isEmpty()) {
            s.add(new Section(4, "Probe failures", List.of(), List.of("PROBE", "FAILURES"),
                    w.probeFailures().stream().map(p -> List.of(p.probe(), Humanize.count(p.failures()))).toList()));
        }
    }

    private static String seconds(Stats st) {
        if (st.count() == 0) {
            return "none measured";
        }
        return "mean " + secs(st.mean()) + ", median " + secs(st.median()) + ", p90 " + secs(st.p90()) + " (" + st.count()
                + ")";
    }

    private static String secs(Number seconds) {
        return seconds == null ? "-" : Humanize.duration(seconds.doubleValue());
    }

    private static String millis(Double ms) {
        if (ms == null) {
            return "-";
        }
        if (ms < 1000) {
            return Math.round(ms) + " ms";
        }
        return ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : Humanize.duration(ms / 1000);
    }

    private static String percent(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String n(long count) {
        return Humanize.count(count);
    }

    private static String reasons(List<ReasonCount> reasons) {
        return reasons.stream().map(r -> r.reason() + " (" + r.count() + ")").collect(Collectors.joining("; "));
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
