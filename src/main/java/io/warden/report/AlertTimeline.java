package io.warden.report;

import io.warden.audit.AuditEvent;
import io.warden.report.AlertReport.CheckCount;
import io.warden.report.AlertReport.FiringAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays one cluster's alert lifecycle from its audit records to count and time alerts. Records
 * before the period are replayed too, so an alert fired earlier and resolved in the period is timed.
 */
final class AlertTimeline {

    private record Firing(Instant since, String severity) {
    }

    private final Instant from;
    private final Map<String, Firing> firing = new LinkedHashMap<>();
    private final Map<String, Instant> raised = new HashMap<>();
    private final Map<String, Instant> findingResolved = new HashMap<>();
    private final Map<List<String>, Integer> byCheck = new HashMap<>();
    private final List<Long> resolveSeconds = new ArrayList<>();
    private final List<Long> detectSeconds = new ArrayList<>();
    private int fired;
    private int resolved;
    private int silenced;

    private AlertTimeline(Instant from) {
        this.from = from;
    }

    /** @param events one cluster's records up to the end of the period, oldest first */
    static AlertReport report(List<AuditEvent> events, Instant from) {
        AlertTimeline t = new AlertTimeline(from);
        events.forEach(t::replay);
        List<CheckCount> checks = t.byCheck.entrySet().stream()
                .map(e -> new CheckCount(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .sorted(Comparator.comparing(CheckCount::fired).reversed().thenComparing(CheckCount::check)
                        .thenComparing(CheckCount::severity))
                .toList();
        List<FiringAlert> still = t.firing.entrySet().stream()
                .map(e -> new FiringAlert(e.getKey(), e.getValue().severity(), e.getValue().since()))
                .sorted(Comparator.comparing(FiringAlert::firingSince).thenComparing(FiringAlert::key))
                .toList();
        return new AlertReport(t.fired, t.resolved, t.silenced, checks, still, Stats.of(t.resolveSeconds),
                Stats.of(t.detectSeconds));
    }

    private void replay(AuditEvent e) {
        boolean inPeriod = !e.time().isBefore(from);
        String key = e.key();
        switch (e.type()) {
            case "finding.raised" -> raised.put(key, e.time());
            case "finding.resolved" -> findingResolved.put(key, e.time());
            case "alert.fired" -> fired(e, inPeriod);
            case "alert.resolved" -> resolved(key, e.time(), inPeriod);
            case "alert.silenced" -> {
                if (inPeriod) {
                    silenced++;
                }
                // a resolution under a silence is written as alert.silenced; its finding resolved in the same cycle
                if (firing.containsKey(key) && e.time().equals(findingResolved.get(key))) {
                    resolved(key, e.time(), inPeriod);
                }
            }
            // a (re)started watch knows no alert yet: what fired before it will never be resolved
            case "config.loaded", "watch.stopped" -> firing.clear();
            default -> {
            }
        }
    }

    private void fired(AuditEvent e, boolean inPeriod) {
        String severity = Fields.text(e, "severity");
        if (inPeriod) {
            fired++;
            String key = e.key() == null ? "" : e.key();
            String check = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
            byCheck.merge(List.of(check, String.valueOf(severity)), 1, Integer::sum);
        }
        Firing before = firing.get(e.key());
        if (before != null) { // regraded: still the same alert, firing since its first firing
            firing.put(e.key(), new Firing(before.since(), severity));
            return;
        }
        firing.put(e.key(), new Firing(e.time(), severity));
        Instant seen = raised.get(e.key());
        if (inPeriod && seen != null && !seen.isAfter(e.time())) {
            detectSeconds.add(Duration.between(seen, e.time()).toSeconds());
        }
    }

    private void resolved(String key, Instant at, boolean inPeriod) {
        Firing f = firing.remove(key);
        if (inPeriod) {
            resolved++;
            if (f != null) { // else it fired before the trail begins, or under a silence: no start to time from
                resolveSeconds.add(Duration.between(f.since(), at).toSeconds());
            }
        }
    }
}
